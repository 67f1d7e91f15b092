import 'server-only';
import { render } from '@react-email/render';
import { createElement } from 'react';
import { env } from '../env';
import { EmailLayout } from './email-layout';

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

export interface EmailContent {
  subject: string;
  paragraphs: string[];
  action?: { label: string; url: string };
}

/** An absolute link into the app, for emails. */
export const link = (path: string) => new URL(path, env().APP_URL).toString();

export interface FooterLink {
  label: string;
  url: string;
}

/**
 * One layout for every message: a plain-text part and an HTML part rendered
 * from the React Email component in ./email-layout.tsx. The text part is built
 * from the same content, not scraped from the HTML, so it stays clean: one
 * paragraph each, links spelled out as "Label: URL". `footer` is small print
 * under the signature (promotional mail puts why you get it and the visible
 * unsubscribe link there).
 */
export async function renderEmail(subject: string, paragraphs: string[], action?: { label: string; url: string }, footer?: { text: string; links: FooterLink[] }): Promise<Rendered> {
  const text = [
    ...paragraphs,
    ...(action ? [`${action.label}: ${action.url}`] : []),
    'Account Center',
    ...(footer ? ['--', footer.text, ...footer.links.map((l) => `${l.label}: ${l.url}`)] : []),
  ].join('\n\n');
  const html = await render(createElement(EmailLayout, { subject, paragraphs, action, footer }));
  return { subject, text, html };
}
