import 'server-only';
import type { Reason } from '@/lib/messages';

/*
 * The typed refusals of server code (see action.ts for how the action pipeline
 * answers them). Kept free of Next.js and Auth.js imports so that domain
 * modules using them can be tested directly under Vitest.
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
