import 'server-only';
import { formatDate } from '@/lib/deletion';
import { link, renderEmail } from './layout';

/** Account deletion (issue 5): service mail, sent whatever the customer's marketing choices. */
export const deletionTemplates = {
  scheduled: (purgeAfter: Date, token: string) =>
    renderEmail(
      'Your account is scheduled for deletion',
      [
        `You asked us to delete your Account Center account. We will delete it on ${formatDate(purgeAfter)}. Until then you can change your mind.`,
        'We signed you out everywhere and stopped all marketing emails. To keep your account, use the link below or simply sign in and choose "Keep my account".',
        'If you did not ask for this, keep your account with the link below and then change your password.',
      ],
      { label: 'Keep my account', url: link(`/cancel-deletion?token=${token}`) },
    ),
  cancelled: () =>
    renderEmail('Your account will not be deleted', [
      'You chose to keep your Account Center account: it will not be deleted and you can use it as before.',
      'Marketing emails stay off. You can turn them on again under Communications in your account.',
      'If this was not you, sign in, change your password, and ask to delete your account again if you want to.',
    ]),
};
