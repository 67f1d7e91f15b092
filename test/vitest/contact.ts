/** Shared set-up for the contact inbox tests (not a test file itself). Real Postgres, real domain functions, no mocks. */
import { at as atTime } from '../kit/time';
import { desc, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { getDb, type Tx } from '@/db/client';
import { auditLog, conversationEvents, conversations, outbox } from '@/db/schema';
import type { MessageCode } from '@/lib/messages';
import { contactSchema } from '@/lib/validation/contact';
import type { Actor } from '@/server/core/actor';
import { settleUseCase, type Refusal } from '@/server/core/refusal';
import type { RequestContext } from '@/server/request';
import { claimConversation } from '@/server/contact/staff';
import { confirmContact, submitContact } from '@/server/contact/submit';

export const T0 = new Date('2030-09-01T09:00:00Z');
export { DAY } from '../kit/time';
/** `ms` after (or before) T0, or after `base`. */
export const at = (ms: number, base = T0) => atTime(base, ms);

let ipSeq = 0;
/** A fresh client address per call, so the per-IP limit of one test never spills into another. */
export const freshIp = (): Pick<RequestContext, 'ip'> => ({ ip: `198.18.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}` });

export type Outcome<T> = { ok: true; data: Exclude<T, Refusal> } | { ok: false; codes: MessageCode[]; fields: (string | undefined)[] };

/**
 * Runs a domain function in one transaction the way the action pipeline does:
 * a Refusal commits what was written (e.g. a counter), a DomainError rolls back.
 */
export async function attempt<T>(fn: (tx: Tx) => Promise<T>): Promise<Outcome<T>> {
  const r = await settleUseCase(getDb(), fn as (tx: Tx) => Promise<Exclude<T, Refusal> | Refusal>);
  return r.ok ? { ok: true, data: r.data } : { ok: false, codes: r.reasons.map((x) => x.code), fields: r.reasons.map((x) => x.field) };
}

export function expectOk<T>(o: Outcome<T>): Exclude<T, Refusal> {
  if (!o.ok) throw new Error(`expected ok, got ${JSON.stringify(o)}`);
  return o.data;
}

export const form = (over: Partial<z.input<typeof contactSchema>> = {}) =>
  contactSchema.parse({ topic: 'data_question', message: 'What do you hold about me?', email: `visitor${Math.random().toString(36).slice(2, 10)}@example.test`, ...over });

/** Sends the contact form as `actor` (null: a visitor). */
export const submit = (actor: Actor | null, over: Partial<z.input<typeof contactSchema>> = {}, now = T0, request = freshIp()) => attempt((tx) => submitContact(tx, actor, form(over), request, now));

/** The newest email to an address. */
export async function latestMailTo(recipient: string) {
  const [m] = await getDb().select().from(outbox).where(eq(outbox.recipient, recipient)).orderBy(desc(outbox.id)).limit(1);
  return m;
}

/** The conversation id and token of a link (`/contact/confirm?c=…&token=…` or `/contact/reply?…`) in the newest email to `recipient`. */
export async function linkIn(recipient: string, page: 'confirm' | 'reply'): Promise<{ conversationId: number; token: string }> {
  const m = await latestMailTo(recipient);
  const found = new RegExp(`/contact/${page}\\?c=(\\d+)&token=([A-Za-z0-9_-]+)`).exec(m?.text ?? '');
  if (!found) throw new Error(`no ${page} link in the latest mail to ${recipient}: ${m?.subject}`);
  return { conversationId: Number(found[1]), token: found[2]! };
}

/** A visitor's message with its address confirmed; returns its id and address. */
export async function confirmedVisitorMessage(over: Partial<z.input<typeof contactSchema>> = {}, now = T0) {
  const values = form(over);
  expectOk(await attempt((tx) => submitContact(tx, null, values, freshIp(), now)));
  const link = await linkIn(values.email, 'confirm');
  expectOk(await attempt((tx) => confirmContact(tx, link, now)));
  return { id: link.conversationId, email: values.email };
}

/** A confirmed visitor message claimed by `staff`. */
export async function claimedVisitorMessage(staff: Actor, now = T0) {
  const m = await confirmedVisitorMessage({}, now);
  expectOk(await attempt((tx) => claimConversation(tx, staff, { conversationId: m.id }, now)));
  return m;
}

export const conversationRow = async (id: number) => (await getDb().select().from(conversations).where(eq(conversations.id, id)))[0]!;
export const eventsOf = (id: number) => getDb().select().from(conversationEvents).where(eq(conversationEvents.conversationId, id)).orderBy(conversationEvents.id);
export const auditOf = (id: number) => getDb().select().from(auditLog).where(eq(auditLog.conversationId, id)).orderBy(auditLog.id);

/** Row counts and a content hash of every table the inbox writes: proof that a refused call changed nothing. */
export async function snapshot() {
  const out: Record<string, string> = {};
  for (const t of ['conversations', 'conversation_events', 'audit_log', 'outbox', 'verifications', 'reports', 'report_events']) {
    const [row] = (await getDb().execute(sql`select count(*)::int as n, coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as h from ${sql.identifier(t)} x`)) as unknown as { n: number; h: string }[];
    out[t] = `${row!.n}:${row!.h}`;
  }
  return out;
}
