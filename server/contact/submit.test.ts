import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { conversations, outbox, throttles } from '@/db/schema';
import { contactSchema } from '@/lib/validation/contact';
import { JOBS } from '../jobs/worker';
import { newUser } from '@/test/vitest/reports';
import { getMyConversation, listMyConversations } from './customer';
import { listInbox } from './queue';
import { claimConversation, getConversationForStaff } from './staff';
import { confirmContact, peekConfirmation, purgeUnconfirmedConversations, submitContact } from './submit';
import { at, attempt, confirmedVisitorMessage, conversationRow, DAY, eventsOf, expectOk, form, freshIp, latestMailTo, linkIn, snapshot, submit, T0 } from '@/test/vitest/contact';
import { throttleKeys } from '@/server/auth/throttle-keys';

/*
 * Writing to us and confirming the address (issue 15): a visitor's message
 * reaches staff only after the emailed link; a customer's at once from their
 * confirmed account address; spam defences; bad input changes nothing.
 */

const inboxIds = async (staff: Awaited<ReturnType<typeof newUser>>, now = T0) =>
  (await listInbox(getDb(), staff.actor, { topic: 'any', status: 'all', due: 'any', assigned: 'any' }, null, now, 1000))!.rows.map((r) => r.id);

describe('a visitor writes to us', () => {
  it('is stored unconfirmed, invisible to staff, and a link (without their text) goes to the address', async () => {
    const staff = await newUser({ role: 'staff' });
    const values = form({ message: 'Please tell me what you hold about me, Ms Quentin Blake.' });
    const result = expectOk(await attempt((tx) => submitContact(tx, null, values, freshIp(), T0)));
    // A visitor learns nothing but "check your email": no id, nothing about accounts.
    expect(result).toEqual({ status: 'confirm', sentTo: values.email });
    const link = await linkIn(values.email, 'confirm');
    const row = await conversationRow(link.conversationId);
    expect(row).toMatchObject({ status: 'unverified', userId: null, dueAt: null, verifiedAt: null, replyTo: values.email });
    const mail = await latestMailTo(values.email);
    expect(mail).toMatchObject({ subject: `Confirm your message to us (#${link.conversationId})`, topic: 'service', userId: null });
    expect(mail!.text).not.toContain('Quentin');
    expect(mail!.html).not.toContain('Quentin');

    // No staff view shows it, and nobody can claim it.
    expect(await inboxIds(staff)).not.toContain(link.conversationId);
    expect(await getConversationForStaff(getDb(), staff.actor, link.conversationId, T0)).toBeNull();
    expect(await attempt((tx) => claimConversation(tx, staff.actor, { conversationId: link.conversationId }, T0))).toMatchObject({ ok: false, codes: ['contact_not_found'] });
  });

  it('the link confirms it once: the message reaches staff with a due date 30 days out, and the writer is told', async () => {
    const staff = await newUser({ role: 'staff' });
    const values = form();
    await submit(null, values);
    const link = await linkIn(values.email, 'confirm');
    const when = at(3 * 3_600_000);
    expect(await peekConfirmation(getDb(), link.conversationId, link.token, when)).toMatchObject({ id: link.conversationId, topic: 'data_question', forCustomer: false });
    const done = expectOk(await attempt((tx) => confirmContact(tx, link, when)));
    expect(done).toEqual({ id: link.conversationId, dueAt: at(30 * DAY, when), forCustomer: false });
    expect(await conversationRow(link.conversationId)).toMatchObject({ status: 'open', verifiedAt: when, dueAt: at(30 * DAY, when) });
    expect((await latestMailTo(values.email))!.subject).toBe(`We received your message #${link.conversationId}`);
    expect(await inboxIds(staff, when)).toContain(link.conversationId);
    expect((await eventsOf(link.conversationId)).map((e) => [e.kind, e.author, e.status])).toEqual([
      ['message', 'visitor', null],
      ['status', 'visitor', 'open'],
    ]);

    // Used: a second press, or the page opened again, finds nothing and changes nothing.
    const before = await snapshot();
    expect(await attempt((tx) => confirmContact(tx, link, when))).toMatchObject({ ok: false, codes: ['contact_link_invalid'] });
    expect(await peekConfirmation(getDb(), link.conversationId, link.token, when)).toBeNull();
    expect(await snapshot()).toEqual(before);
  });

  it('a forged token, another message’s token, or an expired link confirms nothing', async () => {
    const a = form();
    const b = form();
    await submit(null, a);
    await submit(null, b);
    const linkA = await linkIn(a.email, 'confirm');
    const linkB = await linkIn(b.email, 'confirm');
    const before = await snapshot();
    for (const bad of [
      { conversationId: linkA.conversationId, token: 'A'.repeat(43) },
      { conversationId: linkA.conversationId, token: linkB.token },
      { conversationId: linkB.conversationId + 1000, token: linkB.token },
    ]) {
      expect(await attempt((tx) => confirmContact(tx, bad, T0))).toMatchObject({ ok: false, codes: ['contact_link_invalid'] });
      expect(await peekConfirmation(getDb(), bad.conversationId, bad.token, T0)).toBeNull();
    }
    const late = at(24 * 3_600_000 + 1);
    expect(await peekConfirmation(getDb(), linkA.conversationId, linkA.token, late)).toBeNull();
    expect(await attempt((tx) => confirmContact(tx, linkA, late))).toMatchObject({ ok: false, codes: ['contact_link_invalid'] });
    expect(await snapshot()).toEqual(before);
    expect((await conversationRow(linkA.conversationId)).status).toBe('unverified');
  });

  it('a visitor typing a customer’s address gets exactly the answer an unknown address gets, and no link to the account', async () => {
    const customer = await newUser();
    const known = expectOk(await submit(null, { email: customer.email }));
    const unknown = expectOk(await submit(null, { email: 'nobody-here@example.test' }));
    expect(Object.keys(known)).toEqual(Object.keys(unknown));
    expect(known).toEqual({ status: 'confirm', sentTo: customer.email });
    const link = await linkIn(customer.email, 'confirm');
    expect((await conversationRow(link.conversationId)).userId).toBeNull();
    expect(await listMyConversations(getDb(), customer.id, T0)).toEqual([]);
  });

  it('script text and links are stored exactly as typed (the pages show them as text)', async () => {
    const message = '<script>alert("x")</script> <img src=x onerror=alert(1)> see https://evil.example/a?b=1';
    const values = form({ message });
    await submit(null, values);
    const link = await linkIn(values.email, 'confirm');
    expect((await eventsOf(link.conversationId))[0]!.body).toBe(message);
  });
});

describe('a signed-in customer writes to us', () => {
  it('from their confirmed account address: straight to staff, due in 30 days, followed in their account', async () => {
    const customer = await newUser();
    const staff = await newUser({ role: 'staff' });
    const sent = expectOk(await submit(customer.actor, { email: customer.email.toUpperCase(), topic: 'data_correction' }));
    expect(sent).toMatchObject({ status: 'sent', dueAt: at(30 * DAY) });
    const id = (sent as { id: number }).id;
    expect(await conversationRow(id)).toMatchObject({ userId: customer.id, status: 'open', verifiedAt: T0, topic: 'data_correction' });
    const mail = await latestMailTo(customer.email.toUpperCase());
    expect(mail).toMatchObject({ subject: `We received your message #${id}`, userId: customer.id });
    expect(mail!.text).toContain(`/account/messages/${id}`);
    expect(await inboxIds(staff)).toContain(id);
    expect((await listMyConversations(getDb(), customer.id, T0)).map((c) => [c.id, c.status])).toEqual([[id, 'open']]);
    expect((await getMyConversation(getDb(), customer.id, id, T0))!.thread.map((e) => [e.kind, e.by])).toEqual([
      ['message', 'You'],
      ['status', 'You'],
    ]);
  });

  it('from another address, or with an unconfirmed account address: confirmed by the link first', async () => {
    const customer = await newUser();
    const unconfirmed = await newUser({ verified: false });
    const other = expectOk(await submit(customer.actor, { email: 'my-other-address@example.test' }));
    expect(other).toMatchObject({ status: 'confirm', sentTo: 'my-other-address@example.test', id: expect.any(Number) });
    const own = expectOk(await submit(unconfirmed.actor, { email: unconfirmed.email }));
    expect(own).toMatchObject({ status: 'confirm', id: expect.any(Number) });
    for (const [u, r] of [
      [customer, other],
      [unconfirmed, own],
    ] as const) {
      const id = (r as { id: number }).id;
      expect(await conversationRow(id)).toMatchObject({ status: 'unverified', userId: u.id });
      expect((await listMyConversations(getDb(), u.id, T0)).map((c) => c.status)).toEqual(['unverified']);
    }
    const link = await linkIn('my-other-address@example.test', 'confirm');
    expect(expectOk(await attempt((tx) => confirmContact(tx, link, T0)))).toMatchObject({ forCustomer: true });
    expect((await conversationRow(link.conversationId)).status).toBe('open');
    // Unconfirmed messages stop being listed after 24 hours, and the sweep deletes them.
    expect(await listMyConversations(getDb(), unconfirmed.id, at(DAY + 1))).toEqual([]);
  });
});

describe('spam and abuse defences', () => {
  it('a filled honeypot gets the visitor’s answer; nothing is stored or sent', async () => {
    const before = await snapshot();
    const values = form({ website: 'http://spam.example' });
    expect(expectOk(await attempt((tx) => submitContact(tx, null, values, freshIp(), T0)))).toEqual({ status: 'confirm', sentTo: values.email });
    expect(await snapshot()).toEqual(before);
  });

  it('five messages an hour per client address and per reply address; the sixth is refused and writes nothing but the count', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) expectOk(await submit(null, {}, at(i * 60_000), ip));
    const before = await snapshot();
    expect(await submit(null, {}, at(6 * 60_000), ip)).toMatchObject({ ok: false, codes: ['contact_rate_limited'] });
    expect(await snapshot()).toEqual(before);
    const [counter] = await getDb().select().from(throttles).where(eq(throttles.key, throttleKeys.contactIp(ip.ip!)));
    expect(counter!.failures).toBe(6);

    const address = 'flooded@example.test';
    for (let i = 0; i < 5; i++) expectOk(await submit(null, { email: address }));
    expect(await submit(null, { email: 'FLOODED@example.test' })).toMatchObject({ ok: false, codes: ['contact_rate_limited'] });
    expect(await getDb().select().from(outbox).where(eq(outbox.recipient, address))).toHaveLength(5);
    // An hour later the address may write again.
    expectOk(await submit(null, { email: address }, at(2 * 3_600_000)));
  });

  it('unconfirmed messages are deleted after 24 hours; confirmed ones stay', async () => {
    const stale = form();
    await submit(null, stale);
    const staleId = (await linkIn(stale.email, 'confirm')).conversationId;
    const { id: keptId } = await confirmedVisitorMessage();
    expect(await purgeUnconfirmedConversations(getDb(), at(DAY - 1))).toBe(0);
    expect(await purgeUnconfirmedConversations(getDb(), at(DAY + 1))).toBeGreaterThanOrEqual(1);
    expect(await getDb().select().from(conversations).where(eq(conversations.id, staleId))).toEqual([]);
    expect((await conversationRow(keptId)).status).toBe('open');
    expect(await eventsOf(staleId)).toEqual([]);
    expect(JOBS.find((j) => j.name === 'purge-unconfirmed-messages')).toMatchObject({ cron: '43 * * * *', run: purgeUnconfirmedConversations });
  });
});

describe('bad input', () => {
  const issues = (raw: unknown) => contactSchema.safeParse(raw).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  const good = { topic: 'other', message: 'Hello', email: 'a@example.test' };

  it('names each field with a clear message', () => {
    expect(issues({})).toEqual(['topic: Choose what your message is about', 'message: Enter your message', 'email: Enter an email address']);
    expect(issues({ ...good, message: '   ' })).toEqual(['message: Enter your message']);
    expect(issues({ ...good, message: 'x'.repeat(5001) })).toEqual(['message: Use at most 5000 characters']);
    expect(issues({ ...good, message: 'x'.repeat(50_000) })).toEqual(['message: Use at most 5000 characters']);
    expect(issues({ ...good, message: 'bell \u0007' })).toEqual(['message: Remove control characters']);
    expect(issues({ ...good, topic: 'refund' })).toEqual(['topic: Choose what your message is about']);
    expect(issues({ ...good, email: 'not an address' })).toEqual(['email: Enter a valid email address, like name@example.com']);
    expect(issues({ ...good, message: 42 })).toEqual(['message: Your message must be text']);
  });

  it('accepts 5000 characters (emoji count once), line breaks and markup as text', () => {
    expect(contactSchema.safeParse({ ...good, message: '😀'.repeat(5000) }).success).toBe(true);
    expect(contactSchema.parse({ ...good, message: '  <b>line one</b>\n\nline two  ' }).message).toBe('<b>line one</b>\n\nline two');
  });
});
