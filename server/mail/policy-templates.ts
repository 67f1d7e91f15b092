import 'server-only';
import { link, renderEmail } from './layout';

/** Service mail about the privacy policy (mandatory topic: customers cannot opt out of being told). */
export const policyTemplates = {
  policyChanged: (version: string, summary: string) =>
    renderEmail(
      'We updated our privacy policy',
      [
        `We published a new version of our privacy policy (version ${version}). It applies from today.`,
        `What changed: ${summary}`,
        'You do not need to do anything. The next time you sign in we will ask you to confirm that you have seen the new version.',
      ],
      { label: 'Read the privacy policy', url: link('/privacy') },
    ),
};
