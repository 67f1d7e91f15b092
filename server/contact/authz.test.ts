import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { newUser, type TestUser } from '@/test/vitest/reports';
import type { Actor } from '../core/actor';
import { closeAsCustomer, getMyConversation, listMyConversations, replyAsCustomer } from './customer';
import { listInbox } from './queue';
import {
  addStaffNote,
  claimConversation,
  claimNextConversation,
  closeAsStaff,
  convertToReport,
  getConversationForStaff,
  releaseConversation,
  replyAsStaff,
  sendHelp,
} from './staff';
import { attempt, claimedVisitorMessage, confirmedVisitorMessage, expectOk, linkIn, snapshot, submit, T0 } from '@/test/vitest/contact';
import { closeByLink, replyByLink, visitorConversation } from './visitor';

/*
 * Who may do what (issue 15): a customer touches only their own messages,
 * a visitor only the conversation their link was made for, staff powers are
 * checked against the users row (never the caller's word), and only the member
 * of staff holding a message acts on it. Every refusal writes nothing.
 */

async function customerMessage(u: TestUser) {
  const sent = expectOk(await submit(u.actor, { email: u.email }));
  return (sent as { id: number }).id;
}

/** Every staff function, called on one conversation. */
const staffCalls = (actor: Actor | null, conversationId: number) => ({
  claim: () => attempt((tx) => claimConversation(tx, actor, { conversationId }, T0)),
  claimNext: () => attempt((tx) => claimNextConversation(tx, actor, T0)),
  release: () => attempt((tx) => releaseConversation(tx, actor, { conversationId }, T0)),
  reply: () => attempt((tx) => replyAsStaff(tx, actor, { conversationId, message: 'Here is your data.' }, T0)),
  note: () => attempt((tx) => addStaffNote(tx, actor, { conversationId, note: 'Looks fine.' }, T0)),
  help: () => attempt((tx) => sendHelp(tx, actor, { conversationId, kind: 'export' }, T0)),
  close: () => attempt((tx) => closeAsStaff(tx, actor, { conversationId }, T0)),
  convert: () => attempt((tx) => convertToReport(tx, actor, { conversationId, item: 'profile.city', proposedValue: 'York', explanation: 'Moved.' }, T0)),
});

describe('another customer', () => {
  it('cannot see, answer or close a customer’s message: it is "not found", like one that does not exist', async () => {
    const owner = await newUser();
    const other = await newUser();
    const id = await customerMessage(owner);
    expect(await getMyConversation(getDb(), other.id, id, T0)).toBeNull();
    expect(await listMyConversations(getDb(), other.id, T0)).toEqual([]);
    const before = await snapshot();
    for (const target of [id, id + 100_000]) {
      expect(await attempt((tx) => replyAsCustomer(tx, other.actor, { conversationId: target, message: 'Mine now' }, T0))).toMatchObject({ ok: false, codes: ['contact_not_found'] });
      expect(await attempt((tx) => closeAsCustomer(tx, other.actor, { conversationId: target }, T0))).toMatchObject({ ok: false, codes: ['contact_not_found'] });
    }
    expect(await snapshot()).toEqual(before);
    expect((await getMyConversation(getDb(), owner.id, id, T0))!.conversation.status).toBe('open');
  });

  it('cannot answer a visitor’s message either (it has no owner account)', async () => {
    const someone = await newUser();
    const { id } = await confirmedVisitorMessage();
    expect(await attempt((tx) => replyAsCustomer(tx, someone.actor, { conversationId: id, message: 'Hi' }, T0))).toMatchObject({ ok: false, codes: ['contact_not_found'] });
  });
});

describe('a visitor with a link', () => {
  it('opens and answers only the conversation the link was made for', async () => {
    const staff = await newUser({ role: 'staff' });
    const a = await claimedVisitorMessage(staff.actor);
    const b = await claimedVisitorMessage(staff.actor);
    expectOk(await attempt((tx) => replyAsStaff(tx, staff.actor, { conversationId: a.id, message: 'Answer to A' }, T0)));
    const linkA = await linkIn(a.email, 'reply');
    expect(linkA.conversationId).toBe(a.id);
    expect(await visitorConversation(getDb(), b.id, linkA.token, T0)).toBeNull();
    const before = await snapshot();
    expect(await attempt((tx) => replyByLink(tx, { conversationId: b.id, token: linkA.token, message: 'Into B' }, T0))).toMatchObject({ ok: false, codes: ['contact_link_invalid'] });
    expect(await attempt((tx) => closeByLink(tx, { conversationId: b.id, token: linkA.token }, T0))).toMatchObject({ ok: false, codes: ['contact_link_invalid'] });
    expect(await attempt((tx) => replyByLink(tx, { conversationId: a.id, token: `${linkA.token.slice(0, -2)}xx`, message: 'Forged' }, T0))).toMatchObject({ ok: false, codes: ['contact_link_invalid'] });
    expect(await snapshot()).toEqual(before);
    // The real link still works after all that.
    expect((await visitorConversation(getDb(), a.id, linkA.token, T0))!.thread.map((e) => e.body)).toContain('Answer to A');
  });

  it('a customer’s conversation has no visitor link: answers go to the account', async () => {
    const customer = await newUser();
    const staff = await newUser({ role: 'staff' });
    const id = await customerMessage(customer);
    expectOk(await attempt((tx) => claimConversation(tx, staff.actor, { conversationId: id }, T0)));
    expectOk(await attempt((tx) => replyAsStaff(tx, staff.actor, { conversationId: id, message: 'See your account.' }, T0)));
    await expect(linkIn(customer.email, 'reply')).rejects.toThrow(/no reply link/);
  });
});

describe('a customer posing as staff', () => {
  it('gets nothing from any staff function, even claiming the staff role in the actor: the users row decides', async () => {
    const customer = await newUser();
    const { id } = await confirmedVisitorMessage();
    const posing: Actor = { ...customer.actor, role: 'staff' };
    const before = await snapshot();
    for (const actor of [customer.actor, posing]) {
      for (const [name, call] of Object.entries(staffCalls(actor, id))) expect(await call(), name).toMatchObject({ ok: false, codes: ['staff_only'] });
      expect(await getConversationForStaff(getDb(), actor, id, T0)).toBeNull();
      expect(await listInbox(getDb(), actor, { topic: 'any', status: 'all', due: 'any', assigned: 'any' }, null, T0)).toBeNull();
    }
    for (const [name, call] of Object.entries(staffCalls(null, id))) expect(await call(), name).toMatchObject({ ok: false, codes: ['session_ended'] });
    expect(await snapshot()).toEqual(before);
  });

  it('a disabled staff account is refused too', async () => {
    const staff = await newUser({ role: 'staff' });
    await getDb().update(users).set({ status: 'disabled' }).where(eq(users.id, staff.id));
    const { id } = await confirmedVisitorMessage();
    expect(await staffCalls(staff.actor, id).claim()).toMatchObject({ ok: false, codes: ['staff_only'] });
  });
});

describe('staff who do not hold the message', () => {
  it('cannot answer, note, help, close or convert it; the holder can', async () => {
    const holder = await newUser({ role: 'staff' });
    const other = await newUser({ role: 'staff' });
    const { id } = await confirmedVisitorMessage();
    const before = await snapshot();
    for (const [name, call] of Object.entries(staffCalls(other.actor, id))) {
      if (name === 'claim' || name === 'claimNext') continue;
      expect(await call(), name).toMatchObject({ ok: false, codes: [name === 'release' ? 'contact_not_held' : 'contact_claim_first'] });
    }
    expect(await snapshot()).toEqual(before);
    expectOk(await staffCalls(holder.actor, id).claim());
    const held = await snapshot();
    for (const [name, call] of Object.entries(staffCalls(other.actor, id))) {
      if (name === 'claimNext') continue;
      const expected = name === 'claim' ? 'contact_held_by' : name === 'release' ? 'contact_release_not_yours' : 'contact_held_by_other';
      expect(await call(), name).toMatchObject({ ok: false, codes: [expected] });
    }
    expect(await snapshot()).toEqual(held);
    expectOk(await staffCalls(holder.actor, id).note());
    expectOk(await staffCalls(holder.actor, id).reply());
  });

  it('an admin may release anyone’s claim; nobody claims their own message', async () => {
    const staffWhoWrote = await newUser({ role: 'staff' });
    const admin = await newUser({ role: 'admin' });
    const id = await customerMessage(staffWhoWrote);
    expect(await staffCalls(staffWhoWrote.actor, id).claim()).toMatchObject({ ok: false, codes: ['contact_own_message'] });
    expect(expectOk(await staffCalls(staffWhoWrote.actor, id).claimNext())?.id).not.toBe(id);
    expectOk(await staffCalls(admin.actor, id).claim());
    const m = await confirmedVisitorMessage();
    const s = await newUser({ role: 'staff' });
    expectOk(await staffCalls(s.actor, m.id).claim());
    expectOk(await staffCalls(admin.actor, m.id).release());
  });

  it('an unconfirmed message is "not found" to every staff function', async () => {
    const staff = await newUser({ role: 'staff' });
    const v = await submit(null, {});
    expect(v.ok).toBe(true);
    // The newest unconfirmed message: this test's.
    const [latest] = await getDb().execute<{ id: number }>(sql`select id from conversations where status = 'unverified' order by id desc limit 1`);
    for (const [name, call] of Object.entries(staffCalls(staff.actor, latest!.id))) {
      if (name === 'claimNext') continue;
      expect(await call(), name).toMatchObject({ ok: false, codes: ['contact_not_found'] });
    }
  });
});
