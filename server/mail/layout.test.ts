import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { link, renderEmail } from './layout';
import { templates } from './templates';

const hostile = `Tom & "Jerry" <script>alert('x')</script><img src=x onerror=alert(1)>`;

describe('renderEmail', () => {
  it('escapes every piece of text in the HTML part, attributes included', async () => {
    const { html, subject } = await renderEmail(`Hi ${hostile}`, [hostile, 'second'], { label: hostile, url: 'https://app.example/reset?token=a"b&c=<d>' }, {
      text: hostile,
      links: [{ label: hostile, url: 'https://app.example/u?t="x"' }],
    });
    expect(subject).toBe(`Hi ${hostile}`);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toMatch(/href="[^"]*"b/);
    expect(html).toContain('Tom &amp; &quot;Jerry&quot; &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;');
    expect(html).toContain('href="https://app.example/reset?token=a&quot;b&amp;c=&lt;d&gt;"');
    expect(html).toContain('<title>Hi Tom &amp; &quot;Jerry&quot;');
  });

  it('is a whole, accessible document: language, title, readable body text, layout tables marked presentational', async () => {
    const { html } = await renderEmail('Reset your password', ['One paragraph.'], { label: 'Choose a new password', url: 'https://app.example/r' });
    expect(html).toMatch(/^<!DOCTYPE html/);
    expect(html).toMatch(/<html[^>]* lang="en"/);
    expect(html).toContain('<title>Reset your password</title>');
    expect(html).toMatch(/<p style="font-size:16px;line-height:24px[^"]*">One paragraph\.<\/p>/);
    for (const table of html.match(/<table[^>]*>/g)!) expect(table).toContain('role="presentation"');
    // The action is a real link, and its address is also written out for clients that block links.
    expect(html).toMatch(/<a href="https:\/\/app\.example\/r"[^>]*>Choose a new password<\/a>/);
    expect(html).toContain('Or copy this address into your browser: <span style="word-break:break-all">https://app.example/r</span>');
  });

  it('writes a clean plain-text part: paragraphs, links spelled out, the signature, no markup', async () => {
    const { text } = await renderEmail('Subject', ['First & <b>not bold</b>.', 'Second.'], { label: 'Confirm', url: 'https://app.example/c?x=1&y=2' });
    expect(text).toBe('First & <b>not bold</b>.\n\nSecond.\n\nConfirm: https://app.example/c?x=1&y=2\n\nAccount Center');
  });

  it('puts the footer in both parts: the reason and each link, visible', async () => {
    const footer = { text: 'You get this email because you subscribed to offers.', links: [{ label: 'Unsubscribe', url: 'https://app.example/unsubscribe?token=t1' }, { label: 'Choose what we send you', url: 'https://app.example/account/communications' }] };
    const { text, html } = await renderEmail('Offer', ['Body.'], undefined, footer);
    expect(text.endsWith('Account Center\n\n--\n\nYou get this email because you subscribed to offers.\n\nUnsubscribe: https://app.example/unsubscribe?token=t1\n\nChoose what we send you: https://app.example/account/communications')).toBe(true);
    expect(html).toContain('You get this email because you subscribed to offers.');
    expect(html).toMatch(/<a href="https:\/\/app\.example\/unsubscribe\?token=t1"[^>]*>Unsubscribe<\/a>/);
    expect(html).toMatch(/<a href="https:\/\/app\.example\/account\/communications"[^>]*>Choose what we send you<\/a>/);
    // Small print stays readable: 14px, not hidden or shrunk to nothing.
    expect(html).toMatch(/<p style="font-size:14px[^"]*">You get this email/);
  });

  it('keeps the signature without a footer, and no footer small print', async () => {
    const { text, html } = await renderEmail('Plain', ['Body.']);
    expect(text).toBe('Body.\n\nAccount Center');
    expect(html).toContain('>Account Center</p>');
    expect(html).not.toContain('You get this email');
  });
});

describe('the existing templates on the React layout', () => {
  it('render a reset link as a link in the HTML and spelled out in the text', async () => {
    const { subject, text, html } = await templates.passwordReset('tok_123', 30);
    const url = link('/reset-password?token=tok_123');
    expect(subject).toBe('Reset your password');
    expect(text).toContain(`Choose a new password: ${url}`);
    expect(html).toContain(`href="${url}"`);
    expect(html).toContain('The link works once, for 30 minutes.');
  });

  it('render a message without an action', async () => {
    const { text, html } = await templates.secretChanged('PIN', 'others');
    expect(text).toContain('your other devices were signed out');
    expect(html).not.toContain('Or copy this address');
  });
});

describe('outside Next.js', () => {
  const run = (flags: string[]) =>
    spawnSync(process.execPath, [...flags, '--import', 'tsx', 'scripts/testing/render-email.ts'], { env: { ...process.env, APP_URL: 'https://app.example' }, encoding: 'utf8' });

  it('renders in a plain Node process started as db:seed and `npm run worker` are (server-only resolved by the hook)', { timeout: 20_000 }, () => {
    const result = run(['--import', './scripts/register-server-conditions.mjs']);
    expect(result.stderr).toBe('');
    const email = JSON.parse(result.stdout) as { text: string; html: string };
    expect(email.text).toContain('Choose a new password: https://app.example/reset-password?token=tok_plain_node');
    expect(email.html).toContain('href="https://app.example/reset-password?token=tok_plain_node"');
  });

  it('would not render under a global --conditions=react-server, which is why the scripts use the hook', { timeout: 20_000 }, () => {
    const result = run(['--conditions=react-server']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('react-dom/server is not supported in React Server Components');
  });
});
