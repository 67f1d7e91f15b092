import 'server-only';
import { env } from '../env';

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

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** An absolute link into the app, for emails. */
export const link = (path: string) => new URL(path, env().APP_URL).toString();

export interface FooterLink {
  label: string;
  url: string;
}

/**
 * One layout for every message: a plain-text part and a simple accessible
 * HTML part. `footer` is small print under the signature (promotional mail
 * puts why you get it and the visible unsubscribe link there). Async because
 * React rendering is.
 */
export async function renderEmail(subject: string, paragraphs: string[], action?: { label: string; url: string }, footer?: { text: string; links: FooterLink[] }): Promise<Rendered> {
  const text = [
    ...paragraphs,
    ...(action ? [`${action.label}: ${action.url}`] : []),
    '',
    'Account Center',
    ...(footer ? ['--', footer.text, ...footer.links.map((l) => `${l.label}: ${l.url}`)] : []),
  ].join('\n\n');
  const html = `<!doctype html><html lang="en"><body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111">${paragraphs
    .map((p) => `<p>${escape(p)}</p>`)
    .join('')}${action ? `<p><a href="${escape(action.url)}">${escape(action.label)}</a></p>` : ''}<p style="color:#555">Account Center</p>${
    footer ? `<p style="color:#555;font-size:13px">${escape(footer.text)} ${footer.links.map((l) => `<a href="${escape(l.url)}">${escape(l.label)}</a>`).join(' · ')}</p>` : ''
  }</body></html>`;
  return { subject, text, html };
}
