import 'server-only';
import { CONTACT_UNVERIFIED_HOURS, HELP_LINKS, TOPIC_LABELS, type ContactTopic, type HelpKind } from '@/lib/contact';
import { link, renderEmail } from './layout';

/*
 * Service mail of the contact inbox. What the person wrote is never copied into
 * a message: the confirmation goes to an address anyone could type, and must
 * not carry their text to it. Customers read our answers after signing in;
 * visitors have no account, so the answer itself is in the email, with a link
 * to answer (docs/decisions/030).
 */

const HELP_TEXT: Record<HelpKind, string> = {
  export: 'You can download a copy of everything we hold about you yourself: sign in, open "Download or delete" and choose "Download your data". It takes a minute.',
  deletion:
    'You can delete your account yourself: sign in, open "Download or delete" and choose "Delete your account". We delete everything after a grace period in which you can still change your mind.',
};

export const contactTemplates = {
  confirm: (conversationId: number, topic: ContactTopic, token: string) =>
    renderEmail(
      `Confirm your message to us (#${conversationId})`,
      [
        `Someone wrote to us through our contact form ("${TOPIC_LABELS[topic]}") and gave this address for our answer. If it was you, confirm the address and we will pass message #${conversationId} to our staff.`,
        `The link works once, for ${CONTACT_UNVERIFIED_HOURS} hours. If it was not you, ignore this email: the message is deleted and nobody reads it.`,
      ],
      { label: 'Confirm my message', url: link(`/contact/confirm?c=${conversationId}&token=${token}`) },
    ),
  received: (conversationId: number, due: string, forCustomer: boolean) =>
    renderEmail(
      `We received your message #${conversationId}`,
      [`Thank you for writing to us. A member of staff will answer message #${conversationId} by ${due}.`, ...(forCustomer ? [] : ['We will email our answer to this address.'])],
      forCustomer ? { label: 'Follow your message', url: link(`/account/messages/${conversationId}`) } : undefined,
    ),
  /** To a signed-in customer: our answer waits in their account. */
  answeredCustomer: (conversationId: number, help: HelpKind | null) =>
    renderEmail(
      `We answered your message #${conversationId}`,
      [`We answered your message #${conversationId}. Sign in to read it and write back (replies to this email are not read).`, ...(help ? [HELP_TEXT[help]] : [])],
      { label: 'Read our answer', url: link(`/account/messages/${conversationId}`) },
    ),
  /** To a visitor: the answer itself, and a link to answer it (single use). */
  answeredVisitor: (conversationId: number, answer: string | null, help: HelpKind | null, token: string) =>
    renderEmail(
      `Our answer to your message #${conversationId}`,
      [
        ...(answer ? answer.split(/\n{2,}/) : []),
        ...(help ? [HELP_TEXT[help], `${HELP_LINKS[help].label}: ${link(HELP_LINKS[help].path)}`] : []),
        'To write back, use the link below (replies to this email are not read). It works once; every answer from us brings a new one.',
      ],
      { label: 'Write back', url: link(`/contact/reply?c=${conversationId}&token=${token}`) },
    ),
  closed: (conversationId: number, forCustomer: boolean) =>
    renderEmail(
      `Your message #${conversationId} is closed`,
      [`We closed message #${conversationId}. If you have another question, write to us again.`],
      forCustomer ? { label: 'See the conversation', url: link(`/account/messages/${conversationId}`) } : { label: 'Write to us', url: link('/contact') },
    ),
  converted: (conversationId: number, reportId: number, due: string) =>
    renderEmail(
      `Your message #${conversationId} is now report #${reportId}`,
      [
        `We opened inaccuracy report #${reportId} from your message #${conversationId}, so the correction is reviewed like every report, and answered by ${due}.`,
        'You can follow each step of the report in your account.',
      ],
      { label: 'Follow your report', url: link(`/account/reports/${reportId}`) },
    ),
};
