import 'server-only';
import { TOPICS, type OptionalTopic } from '@/lib/consent';
import { link, renderEmail } from './layout';

const list = (topics: OptionalTopic[]) => topics.map((t) => TOPICS[t].label.toLowerCase()).join(', ').replace(/, ([^,]*)$/, ' and $1');

/** Consent mail. These are service messages (the double opt-in asks, it does not promote). */
export const consentTemplates = {
  confirmSubscription: (token: string, topics: OptionalTopic[], days: number) =>
    renderEmail(
      'Confirm your subscription',
      [
        `You asked us to email you ${list(topics)}. Please confirm with the button below: until you do, we send you none of it.`,
        `The link works for ${days} days. If you did not ask for this, ignore this email and you will not be subscribed.`,
      ],
      { label: 'Confirm my subscription', url: link(`/confirm-subscription?token=${token}`) },
    ),
};
