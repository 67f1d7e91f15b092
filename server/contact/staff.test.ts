import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { ACCESS_ACTION_LABELS } from '@/lib/reports';
import { CONTACT_ACCESS_LABELS } from '@/lib/contact';
import { updateProfile } from '@/test/vitest/use-cases/profile';
import { accessLog } from '../core/audit';
import { listQueue } from '../reports/queue';
import { newUser, raiseVerified, reportRow, type TestUser } from '@/test/vitest/reports';
import { closeAsCustomer, getMyConversation, replyAsCustomer } from './customer';
import { addStaffNote, claimConversation, closeAsStaff, convertToReport, getConversationForStaff, releaseConversation, replyAsStaff, sendHelp } from './staff';
import { at, attempt, auditOf, claimedVisitorMessage, conversationRow, DAY, eventsOf, expectOk, latestMailTo, linkIn, snapshot, submit, T0 } from '@/test/vitest/contact';
import { closeByLink, replyByLink, visitorConversation } from './visitor';

/*
 * Answering (issue 15): our answers go out as service email, to a customer as
 * a notice (the text stays behind sign-in), to a visitor with the text and a
 * single-use link to write back; notes stay internal; every staff view and
 * action is an audit entry the customer can read.
 */

async function claimedCustomerMessage(customer: TestUser, staff: TestUser, over: Parameters<typeof submit>[1] = {}) {
  const id = (expectOk(await submit(customer.actor, { email: customer.email, ...over })) as { id: number }).id;
  expectOk(await attempt((tx) => claimConversation(tx, staff.actor, { conversationId: id }, T0)));
  return id;
}

describe('a visitor’s conversation', () => {
  it('our answer is emailed with its text and a single-use link; writing back by it reopens the message with a new due date', async () => {
    const staff = await newUser({ role: 'staff' });
    const m = await claimedVisitorMessage(staff.actor);
    const when = at(2 * DAY);
    expectOk(await attempt((tx) => replyAsStaff(tx, staff.actor, { conversationId: m.id, message: 'We hold only this message.\n\nAnything else?' }, when)));
    expect(await conversationRow(m.id)).toMatchObject({ status: 'answered', dueAt: at(30 * DAY) });
    const mail = await latestMailTo(m.email);
    expect(mail).toMatchObject({ subject: `Our answer to your message #${m.id}`, topic: 'service', userId: null });
    expect(mail!.text).toContain('We hold only this message.\n\nAnything else?');

    const link = await linkIn(m.email, 'reply');
    const view = (await visitorConversation(getDb(), m.id, link.token, when))!;
    expect(view.thread.map((e) => [e.kind, e.by, e.body])).toEqual([
      ['message', 'You', 'What do you hold about me?'],
      ['status', 'You', null],
      ['reply', 'Staff member', 'We hold only this message.\n\nAnything else?'],
    ]);
    const later = at(5 * DAY);
    expectOk(await attempt((tx) => replyByLink(tx, { ...link, message: 'No, thank you.' }, later)));
    expect(await conversationRow(m.id)).toMatchObject({ status: 'open', dueAt: at(30 * DAY, later) });
    // The link is used: it neither opens the page nor writes again.
    expect(await visitorConversation(getDb(), m.id, link.token, later)).toBeNull();
    expect(await attempt((tx) => replyByLink(tx, { ...link, message: 'Again' }, later))).toMatchObject({ ok: false, codes: ['contact_link_invalid'] });

    // The next answer brings a new link, with which the visitor can close the conversation.
    expectOk(await attempt((tx) => replyAsStaff(tx, staff.actor, { conversationId: m.id, message: 'Noted.' }, later)));
    const next = await linkIn(m.email, 'reply');
    expect(next.token).not.toBe(link.token);
    expectOk(await attempt((tx) => closeByLink(tx, next, later)));
    expect(await conversationRow(m.id)).toMatchObject({ status: 'closed', closedBy: 'visitor' });
  });

  it('a closed conversation takes no more answers by link', async () => {
    const staff = await newUser({ role: 'staff' });
    const m = await claimedVisitorMessage(staff.actor);
    expectOk(await attempt((tx) => replyAsStaff(tx, staff.actor, { conversationId: m.id, message: 'Done.' }, T0)));
    const link = await linkIn(m.email, 'reply');
    expectOk(await attempt((tx) => closeAsStaff(tx, staff.actor, { conversationId: m.id }, T0)));
    expect((await latestMailTo(m.email))!.subject).toBe(`Your message #${m.id} is closed`);
    const before = await snapshot();
    expect(await attempt((tx) => replyByLink(tx, { ...link, message: 'One more thing' }, T0))).toMatchObject({ ok: false, codes: ['contact_closed'] });
    expect(await snapshot()).toEqual(before);
    expect(await attempt((tx) => replyAsStaff(tx, staff.actor, { conversationId: m.id, message: 'Late' }, T0))).toMatchObject({ ok: false, codes: ['contact_already_closed'] });
  });
});

describe('a customer’s conversation', () => {
  it('our answer is a notice with a link to the account; the thread shows staff by role and no internal note; the customer writes back and closes', async () => {
    const customer = await newUser();
    const staff = await newUser({ role: 'staff' });
    const id = await claimedCustomerMessage(customer, staff);
    expectOk(await attempt((tx) => addStaffNote(tx, staff.actor, { conversationId: id, note: 'Checked the account: nothing unusual.' }, T0)));
    expectOk(await attempt((tx) => replyAsStaff(tx, staff.actor, { conversationId: id, message: 'Your profile holds your name and city.' }, T0)));
    const mail = await latestMailTo(customer.email);
    expect(mail).toMatchObject({ subject: `We answered your message #${id}`, userId: customer.id });
    expect(mail!.text).not.toContain('Your profile holds');
    expect(mail!.text).toContain(`/account/messages/${id}`);
    await expect(linkIn(customer.email, 'reply')).rejects.toThrow();

    const mine = (await getMyConversation(getDb(), customer.id, id, T0))!;
    expect(mine.thread.map((e) => [e.kind, e.by])).toEqual([
      ['message', 'You'],
      ['status', 'You'],
      ['reply', 'Staff member'],
    ]);
    expect(JSON.stringify(mine)).not.toContain(staff.username);
    expect(JSON.stringify(mine)).not.toContain('nothing unusual');
    // Staff see everything, with names.
    const staffView = (await getConversationForStaff(getDb(), staff.actor, id, T0))!;
    expect(staffView.thread.map((e) => [e.kind, e.internal])).toEqual([
      ['message', false],
      ['status', false],
      ['assignment', true],
      ['note', true],
      ['reply', false],
    ]);
    expect(staffView.thread.find((e) => e.kind === 'reply')!.by).toBe(`${staff.username} (staff)`);
    expect(staffView.customer).toEqual({ id: customer.id, username: customer.username });

    const later = at(3 * DAY);
    expectOk(await attempt((tx) => replyAsCustomer(tx, customer.actor, { conversationId: id, message: 'And my orders?' }, later)));
    expect(await conversationRow(id)).toMatchObject({ status: 'open', dueAt: at(30 * DAY, later), claimedBy: staff.id });
    // A second message before our answer keeps the due date.
    expectOk(await attempt((tx) => replyAsCustomer(tx, customer.actor, { conversationId: id, message: 'Also my sessions.' }, at(4 * DAY))));
    expect((await conversationRow(id)).dueAt).toEqual(at(30 * DAY, later));
    expectOk(await attempt((tx) => closeAsCustomer(tx, customer.actor, { conversationId: id }, at(5 * DAY))));
    expect(await conversationRow(id)).toMatchObject({ status: 'closed', closedBy: 'customer' });
    expect(await attempt((tx) => replyAsCustomer(tx, customer.actor, { conversationId: id, message: 'Wait' }, at(6 * DAY)))).toMatchObject({ ok: false, codes: ['contact_closed'] });
    expect(await attempt((tx) => closeAsCustomer(tx, customer.actor, { conversationId: id }, at(6 * DAY)))).toMatchObject({ ok: false, codes: ['contact_already_closed'] });
  });

  it('an unconfirmed message cannot be written to until its address is confirmed', async () => {
    const customer = await newUser();
    const id = (expectOk(await submit(customer.actor, { email: 'elsewhere@example.test' })) as { id: number }).id;
    expect(await attempt((tx) => replyAsCustomer(tx, customer.actor, { conversationId: id, message: 'Hello?' }, T0))).toMatchObject({ ok: false, codes: ['contact_unverified'] });
  });

  it('help with a download or a deletion: a service email linking to the page where the customer does it themselves', async () => {
    const customer = await newUser();
    const staff = await newUser({ role: 'staff' });
    const id = await claimedCustomerMessage(customer, staff, { topic: 'data_deletion' });
    expectOk(await attempt((tx) => sendHelp(tx, staff.actor, { conversationId: id, kind: 'deletion' }, T0)));
    const mail = await latestMailTo(customer.email);
    expect(mail!.text).toContain('choose "Delete your account"');
    expect((await conversationRow(id)).status).toBe('answered');
    const help = (await getMyConversation(getDb(), customer.id, id, T0))!.thread.at(-1)!;
    expect(help).toMatchObject({ kind: 'help', body: 'deletion', by: 'Staff member' });

    const m = await claimedVisitorMessage(staff.actor);
    expectOk(await attempt((tx) => sendHelp(tx, staff.actor, { conversationId: m.id, kind: 'export' }, T0)));
    const visitorMail = await latestMailTo(m.email);
    expect(visitorMail!.text).toContain('Download your data: http');
    expect(visitorMail!.text).toContain('/account/privacy');
    expect((await linkIn(m.email, 'reply')).conversationId).toBe(m.id);
  });
});

describe('turning a message into an inaccuracy report', () => {
  it('opens a confirmed report in the report queue with the message’s due date, closes the message pointing to it, tells the customer', async () => {
    const customer = await newUser();
    await updateProfile(customer.id, 1, { city: 'Leeds' }, undefined, T0);
    const staff = await newUser({ role: 'staff' });
    const id = await claimedCustomerMessage(customer, staff, { topic: 'data_correction', message: 'My city is York, not Leeds.' });
    const when = at(DAY);
    const done = expectOk(await attempt((tx) => convertToReport(tx, staff.actor, { conversationId: id, item: 'profile.city', proposedValue: 'York', explanation: 'My city is York, not Leeds.' }, when)));
    const report = await reportRow(done.reportId);
    expect(report).toMatchObject({ userId: customer.id, item: 'profile.city', currentValue: 'Leeds', proposedValue: 'York', status: 'submitted', verifiedAt: when, dueAt: at(30 * DAY) });
    expect(await conversationRow(id)).toMatchObject({ status: 'closed', closedBy: 'staff', reportId: done.reportId });
    const queue = await listQueue(staff.actor, { status: 'open', assigned: 'unassigned', overdue: false }, null, when, 1000);
    expect(queue!.rows.map((r) => r.id)).toContain(done.reportId);
    expect((await latestMailTo(customer.email))!.subject).toBe(`Your message #${id} is now report #${done.reportId}`);
    expect((await getMyConversation(getDb(), customer.id, id, when))!.thread.at(-1)).toMatchObject({ kind: 'status', status: 'closed', reportId: done.reportId });
    const audit = await auditOf(id);
    expect(audit.at(-1)).toMatchObject({ action: 'message.converted', reportId: done.reportId, subjectUserId: customer.id });
  });

  it('refuses a visitor’s message, a value we already hold, and an item with an open report; refusals write nothing', async () => {
    const staff = await newUser({ role: 'staff' });
    const m = await claimedVisitorMessage(staff.actor);
    const customer = await newUser();
    await updateProfile(customer.id, 1, { city: 'Leeds', fullName: 'Ann Other' }, undefined, T0);
    const id = await claimedCustomerMessage(customer, staff);
    const openReport = await raiseVerified(customer, { item: 'profile.fullName', proposedValue: 'Anne Other' }, T0);
    const before = await snapshot();
    const convert = (conversationId: number, item: string, proposedValue: string) => attempt((tx) => convertToReport(tx, staff.actor, { conversationId, item, proposedValue, explanation: 'Wrong.' }, T0));
    expect(await convert(m.id, 'profile.city', 'York')).toMatchObject({ ok: false, codes: ['contact_visitor_no_report'] });
    expect(await convert(id, 'profile.city', 'Leeds')).toMatchObject({ ok: false, codes: ['contact_report_same_value'], fields: ['proposedValue'] });
    expect(await convert(id, 'profile.fullName', 'Anna Other')).toMatchObject({ ok: false, codes: ['contact_report_open'], fields: ['item'] });
    expect(await snapshot()).toEqual(before);
    expect((await reportRow(openReport)).status).toBe('submitted');
  });
});

describe('the audit log and "Who accessed your information"', () => {
  it('every staff view and action on a customer’s message is logged and has words the customer reads', async () => {
    const customer = await newUser();
    const staff = await newUser({ role: 'staff' });
    const admin = await newUser({ role: 'admin' });
    const id = await claimedCustomerMessage(customer, staff);
    await getConversationForStaff(getDb(), staff.actor, id, T0);
    expectOk(await attempt((tx) => addStaffNote(tx, staff.actor, { conversationId: id, note: 'n' }, T0)));
    expectOk(await attempt((tx) => replyAsStaff(tx, staff.actor, { conversationId: id, message: 'r' }, T0)));
    expectOk(await attempt((tx) => sendHelp(tx, staff.actor, { conversationId: id, kind: 'export' }, T0)));
    expectOk(await attempt((tx) => releaseConversation(tx, admin.actor, { conversationId: id }, T0)));
    expectOk(await attempt((tx) => claimConversation(tx, staff.actor, { conversationId: id }, T0)));
    expectOk(await attempt((tx) => closeAsStaff(tx, staff.actor, { conversationId: id }, T0)));
    const entries = await auditOf(id);
    expect(entries.map((e) => [e.action, e.actorRole])).toEqual([
      ['message.claimed', 'staff'],
      ['message.viewed', 'staff'],
      ['message.noted', 'staff'],
      ['message.replied', 'staff'],
      ['message.help_sent', 'staff'],
      ['message.released', 'admin'],
      ['message.claimed', 'staff'],
      ['message.closed', 'staff'],
    ]);
    expect(entries.every((e) => e.subjectUserId === customer.id && e.conversationId === id)).toBe(true);
    const shown = await accessLog(getDb(), customer.id, 50);
    expect(shown.filter((e) => e.conversationId === id)).toHaveLength(8);
    for (const e of shown) expect(ACCESS_ACTION_LABELS[e.action], e.action).toBeTruthy();
    for (const action of Object.keys(CONTACT_ACCESS_LABELS)) expect(ACCESS_ACTION_LABELS[action]).toBe(CONTACT_ACCESS_LABELS[action as keyof typeof CONTACT_ACCESS_LABELS]);
    expect(JSON.stringify(shown)).not.toContain(staff.username);
  });

  it('a visitor’s message is logged too, with no customer to show it to', async () => {
    const staff = await newUser({ role: 'staff' });
    const m = await claimedVisitorMessage(staff.actor);
    await getConversationForStaff(getDb(), staff.actor, m.id, T0);
    expect((await auditOf(m.id)).map((e) => [e.action, e.subjectUserId])).toEqual([
      ['message.claimed', null],
      ['message.viewed', null],
    ]);
    expect((await eventsOf(m.id)).length).toBeGreaterThan(0);
  });
});
