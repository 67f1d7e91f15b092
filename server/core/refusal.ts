import 'server-only';
import type { z } from 'zod';
import type { Database, Tx } from '@/db/client';
import { messageFor, type Reason } from '@/lib/messages';
import { fail, ok, type ActionResult } from '@/lib/result';
import { fieldErrorsOf } from '@/lib/validation/auth';

/*
 * The typed refusals of server code, and the one way a use case is run and
 * answered: the action pipeline (action.ts) and the Vitest kit (test/kit/use-case.ts)
 * both call `parseInput` and `runUseCase` from here. Kept free of Next.js and
 * Auth.js imports so that domain modules using them can be tested directly.
 */

const REFUSAL = Symbol('refusal');
export interface Refusal {
  readonly [REFUSAL]: true;
  readonly reasons: Reason[];
}

/** A refusal that keeps what the transaction wrote. Several reasons may name different fields. */
export const refuse = (...reasons: Reason[]): Refusal => ({ [REFUSAL]: true, reasons });
export const isRefusal = (v: unknown): v is Refusal => typeof v === 'object' && v !== null && REFUSAL in v;

/** A refusal that rolls the transaction back. */
export class DomainError extends Error {
  readonly reasons: Reason[];
  constructor(...reasons: Reason[]) {
    super(reasons.map((r) => r.code).join(', '));
    this.name = 'DomainError';
    this.reasons = reasons;
  }
}

/** The words of some reasons as an ActionResult: a reason naming a field beside it, the first other one above the form. */
export function toFailure(reasons: Reason[]): ActionResult<never> {
  const fieldErrors: Record<string, string[]> = {};
  let formError: string | undefined;
  for (const r of reasons) {
    if (r.field) (fieldErrors[r.field] ??= []).push(messageFor(r));
    else formError ??= messageFor(r);
  }
  return fail(formError, Object.keys(fieldErrors).length ? fieldErrors : undefined);
}

/**
 * Parses an action's input with the form's schema. `ref` names keys the user does
 * not type (a report id): a bad one is the form error, not a field's.
 */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, ref?: string | string[]): { ok: true; data: z.output<S> } | { ok: false; failure: ActionResult<never> } {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const fieldErrors = fieldErrorsOf(parsed.error);
  const refs = [ref ?? []].flat().filter((k) => fieldErrors[k]?.length);
  const formError = refs.length ? fieldErrors[refs[0]!]![0] : undefined;
  for (const k of refs) delete fieldErrors[k];
  return { ok: false, failure: fail(formError, Object.keys(fieldErrors).length || !formError ? fieldErrors : undefined) };
}

export type Settled<T> = { ok: true; data: T } | { ok: false; reasons: Reason[] };

/**
 * Runs a use case in one transaction: its data, or its refusal's reasons. A
 * returned Refusal commits what was written (e.g. an attempt counter); a thrown
 * DomainError rolls back; anything else thrown rolls back and is thrown on.
 * `passThrough` names errors that are answers rather than failures (Next.js's
 * redirect()): the transaction commits first, then they are thrown on.
 */
export async function settleUseCase<T>(db: Database, run: (tx: Tx) => Promise<T | Refusal>, passThrough?: (e: unknown) => boolean): Promise<Settled<T>> {
  let escaped: { error: unknown } | undefined;
  try {
    const result = await db.transaction(async (tx) => {
      try {
        return await run(tx);
      } catch (e) {
        if (!passThrough?.(e)) throw e;
        escaped = { error: e };
        return undefined as T;
      }
    });
    if (escaped) throw escaped.error;
    return isRefusal(result) ? { ok: false, reasons: result.reasons } : { ok: true, data: result as T };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, reasons: e.reasons };
    throw e;
  }
}

/** The same, answered as the ActionResult the page gets (the refusal's words from lib/messages.ts). */
export async function runUseCase<T>(db: Database, run: (tx: Tx) => Promise<T | Refusal>, passThrough?: (e: unknown) => boolean): Promise<ActionResult<T>> {
  const settled = await settleUseCase(db, run, passThrough);
  return settled.ok ? ok(settled.data) : toFailure(settled.reasons);
}
