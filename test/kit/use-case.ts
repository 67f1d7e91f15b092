/**
 * Runs a domain function the way the action pipeline does (server/core/refusal.ts,
 * the same code): in one transaction, a returned Refusal committing what was
 * written, a thrown DomainError rolling back, either answered as the ActionResult
 * the page gets. `withInput` first parses raw input with the form's schema, as
 * the pipeline does (`ref`: keys the user does not type, a bad one is the form error).
 */
import type { z } from 'zod';
import { getDb, type Tx } from '@/db/client';
import type { ActionResult } from '@/lib/result';
import { parseInput, runUseCase, type Refusal } from '@/server/core/refusal';

export const attemptResult = <T>(run: (tx: Tx) => Promise<T | Refusal>): Promise<ActionResult<T>> => runUseCase(getDb(), run);

export async function withInput<S extends z.ZodType, T>(schema: S, raw: unknown, run: (tx: Tx, input: z.output<S>) => Promise<T | Refusal>, ref?: string | string[]): Promise<ActionResult<T>> {
  const parsed = parseInput(schema, raw, ref);
  return parsed.ok ? attemptResult((tx) => run(tx, parsed.data)) : parsed.failure;
}

/** A use case taking the transaction first, called without it: in a transaction of its own, as its action runs it. */
export const inTransaction =
  <A extends unknown[], T>(run: (tx: Tx, ...args: A) => Promise<T>) =>
  (...args: A): Promise<T> =>
    getDb().transaction((tx) => run(tx, ...args));

/** A use case's parameters after the transaction. */
export type Tail<T extends unknown[]> = T extends [unknown, ...infer R] ? R : never;
