import 'server-only';
import type { Reason } from '@/lib/messages';
import type { ActionResult } from '@/lib/result';

/*
 * The typed refusals of server code (see action.ts for how the action pipeline
 * answers them). Kept free of Next.js and Auth.js imports so that domain
 * modules using them can be tested directly under Vitest.
 */

const REFUSAL = Symbol('refusal');
export interface Refusal {
  readonly [REFUSAL]: true;
  readonly reasons: Reason[];
  /** Set by `settled`: a failure already worded by an older domain function, passed on as it is. */
  readonly worded?: ActionResult<never>;
}

/** A refusal that keeps what the transaction wrote. Several reasons may name different fields. */
export const refuse = (...reasons: Reason[]): Refusal => ({ [REFUSAL]: true, reasons });
export const isRefusal = (v: unknown): v is Refusal => typeof v === 'object' && v !== null && REFUSAL in v;

/**
 * For domain functions written before this pipeline, which answer with an
 * ActionResult of their own (and run their own transaction): its data, or its
 * failure passed on unchanged. New domain code returns reasons instead.
 */
export function settled<T>(result: ActionResult<T>): T | Refusal {
  return result.ok ? result.data : { [REFUSAL]: true, reasons: [], worded: result };
}

/** A refusal that rolls the transaction back. */
export class DomainError extends Error {
  readonly reasons: Reason[];
  constructor(...reasons: Reason[]) {
    super(reasons.map((r) => r.code).join(', '));
    this.name = 'DomainError';
    this.reasons = reasons;
  }
}
