import 'server-only';
import { formatDateTime } from '@/lib/format';
import { link, renderEmail } from './layout';

/** Security messages of "Download your data" (mandatory `security` topic). */
export const privacyTemplates = {
  dataExported: (at: Date, device: string, ip: string | null) =>
    renderEmail(
      'A copy of your data was downloaded',
      [
        `A copy of all the data in your account was downloaded at ${formatDateTime(at)} from ${device}${ip ? ` (IP address ${ip})` : ''}.`,
        'If this was you, there is nothing to do. If not, someone may have your password: open Security in your account, sign out everywhere and change your password.',
      ],
      { label: 'Check your account activity', url: link('/account/security#activity') },
    ),
};
