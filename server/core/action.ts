import 'server-only';
import { refresh } from 'next/cache';
import { redirect, unstable_rethrow } from 'next/navigation';
import type { z } from 'zod';
import { getDb, type Tx } from '@/db/client';
import type { MessageCode, Reason } from '@/lib/messages';
import type { ActionResult } from '@/lib/result';
import { currentSession, requireUser } from '../auth/current';
import { isFreshEnough, STEP_UP, type StepUp } from '../auth/reauth';
import { isMultiFactorSession } from '../auth/factors';
import { isStaffRole, type LoadedSession } from '../auth/sessions';
import { consumeRateLimits, type ThrottlePolicy } from '../auth/throttle';
import { clock } from '../clock';
import { log, serializeError } from '../log';
import { requestContext, type RequestContext } from '../request';
import { actorOf, type Actor } from './actor';
import { parseInput, runUseCase, toFailure, type Refusal } from './refusal';

/*
 * The one way a server action is written:
 *
 *   export const saveThing = defineAction({
 *     name: 'thing.save',            // for logs
 *     input: thingSchema,            // the same zod schema the form uses (lib/validation)
 *     auth: 'customer',              // 'public' | 'customer' (any signed-in account) | 'staff' | 'admin'
 *                                    // | 'scheduled' (an account waiting out its deletion grace period)
 *     fresh: true,                   // needs re-authentication within the window (5 min); or a rule
 *                                    // from STEP_UP, e.g. STEP_UP.contactChange (the password only); for staff
 *                                    // with a second factor, the re-authentication includes it
 *     rateLimit: { policy, key: ({ input, request }) => `thing:${request.ip}` },
 *     run: async ({ input, actor, tx }) => saveThingFor(tx, actor, input),
 *   });
 *
 * The pipeline parses the input, loads the actor once, checks the role, the
 * re-authentication window and the rate limit, then runs `run` in one
 * transaction. `run` returns the data, or a refusal:
 *   - `return refuse({ code })` keeps what the transaction wrote (e.g. an attempt
 *     counter) and answers with the reason's words from lib/messages.ts;
 *   - `throw new DomainError({ code })` rolls everything back, same answer.
 * Anything else thrown rolls back, is logged with the request id (never its
 * parameters) and answers with a reference the user can quote. Next.js's
 * redirect()/notFound() pass through after the transaction commits.
 *
 * A plain <form action={…}> post works too: its FormData is read into an object
 * (the `$ACTION_…` keys Next.js adds left out) and parsed by the same schema.
 * `ref: 'id'` names the key that says what is acted on (a report id): a bad one
 * answers as a form error ("not found"), not beside a field. `refresh: true`
 * re-renders the page the browser shows once the change committed, so no client
 * calls router.refresh() by hand.
 */

export type AuthLevel = 'public' | 'customer' | 'staff' | 'admin' | 'scheduled';

export { DomainError, isRefusal, refuse, type Refusal } from './refusal';

/** redirect()/notFound() are answers, not failures: the transaction commits first, then Next.js has them. */
function isNextAnswer(e: unknown): boolean {
  try {
    unstable_rethrow(e);
    return false;
  } catch {
    return true;
  }
}

type ActiveSession = Extract<LoadedSession, { state: 'active' | 'scheduled' }>;

export interface ActionContext<TInput, TAuth extends AuthLevel> {
  input: TInput;
  /** The checked caller; null only for 'public' actions when nobody is signed in. */
  actor: TAuth extends 'public' ? Actor | null : Actor;
  /** The loaded session (user row and session row), when signed in. */
  session: TAuth extends 'public' ? ActiveSession | null : ActiveSession;
  tx: Tx;
  request: RequestContext;
  now: Date;
}

export interface ActionDefinition<TSchema extends z.ZodType, TAuth extends AuthLevel, TData> {
  name: string;
  /** The form's own zod schema, or a function returning it (for schemas that depend on settings). */
  input?: TSchema | (() => TSchema);
  auth: TAuth;
  /** Requires re-authentication: `true` the standard rule (5 minutes, any secret), a number of ms, or a STEP_UP rule. */
  fresh?: true | number | StepUp;
  rateLimit?: {
    policy: ThrottlePolicy;
    /** One or more throttle keys; null/empty skips the limit (e.g. no client IP known). */
    key: (c: { input: z.output<TSchema>; request: RequestContext; actor: Actor | null }) => string | null | (string | null)[];
    code?: MessageCode;
  };
  /** The input key(s) naming what is acted on (e.g. 'id'), not typed by the user: a parse failure there is a form error, not a field's. */
  ref?: string | string[];
  /**
   * Refresh the client router (next/cache refresh()) so the page shows what changed: `true` after a
   * successful run; `'always'` after a refused one too (a lost race: the page shows who won).
   */
  refresh?: boolean | 'always';
  run: (c: ActionContext<z.output<TSchema>, TAuth>) => Promise<TData | Refusal>;
  /**
   * Runs after the transaction committed, outside it (e.g. Auth.js signOut(), whose own
   * writes would wait on rows the transaction locked). May redirect().
   */
  after?: (c: Omit<ActionContext<z.output<TSchema>, TAuth>, 'tx'> & { data: TData }) => Promise<void>;
}

/** A plain form post's fields as an object (repeated names become arrays); Next.js's own `$ACTION_` keys are not input. */
export function formDataInput(data: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of data.entries()) {
    if (key.startsWith('$ACTION')) continue;
    const v = typeof value === 'string' ? value : value.name;
    out[key] = key in out ? ([] as unknown[]).concat(out[key], v) : v;
  }
  return out;
}

/** Loads and checks the caller for an auth level; a reason when refused. Customers without a session are redirected to sign-in. */
async function callerFor(auth: AuthLevel): Promise<{ session: ActiveSession | null } | { refused: Reason }> {
  if (auth === 'customer') return { session: await requireUser() };
  const s = await currentSession();
  if (auth === 'scheduled') {
    if (s.state !== 'scheduled') redirect('/sign-in');
    return { session: s };
  }
  if (auth === 'public') return { session: s.state === 'active' ? s : null };
  if (s.state !== 'active') return { refused: { code: 'session_ended' } };
  if (auth === 'staff' && !isStaffRole(s.user.role)) return { refused: { code: 'staff_only' } };
  if (auth === 'admin' && s.user.role !== 'admin') return { refused: { code: 'admin_only' } };
  // Staff powers need a session that passed two steps (issue 12): a password alone reaches only the enrolment page.
  if (!isMultiFactorSession(s.session)) return { refused: { code: 'second_factor_required' } };
  return { session: s };
}

export function defineAction<TSchema extends z.ZodType = z.ZodUndefined, TAuth extends AuthLevel = AuthLevel, TData = null>(
  def: ActionDefinition<TSchema, TAuth, TData>,
): (raw?: z.input<TSchema> | FormData) => Promise<ActionResult<TData>> {
  return async (given) => {
    const raw = given instanceof FormData ? formDataInput(given) : given;
    const request = await requestContext();
    const caller = await callerFor(def.auth);
    if ('refused' in caller) return toFailure([caller.refused]);
    const { session } = caller;
    const actor = session ? actorOf({ ...session, state: 'active' }) : null;

    let input: z.output<TSchema> = undefined as z.output<TSchema>;
    if (def.input) {
      const parsed = parseInput(typeof def.input === 'function' ? def.input() : def.input, raw, def.ref);
      if (!parsed.ok) return parsed.failure;
      input = parsed.data;
    }

    const now = clock.now();
    if (def.fresh && session) {
      const rule: StepUp = def.fresh === true ? STEP_UP.standard : typeof def.fresh === 'number' ? { ...STEP_UP.standard, windowMs: def.fresh } : def.fresh;
      if (!isFreshEnough(session, now, rule)) return toFailure([{ code: 'needs_reauth' }]);
    }

    if (def.rateLimit) {
      const keyed = def.rateLimit.key({ input, request, actor });
      const keys = (Array.isArray(keyed) ? keyed : [keyed]).filter((k): k is string => !!k);
      const policy = def.rateLimit.policy;
      // Counted in a transaction of its own, so a refused or failed run still counts.
      const allowed = keys.length === 0 || (await getDb().transaction((tx) => consumeRateLimits(tx, keys.map((key) => ({ key, policy })), now)));
      if (!allowed) return toFailure([{ code: def.rateLimit.code ?? 'rate_limited' }]);
    }

    try {
      const result = await runUseCase(getDb(), (tx) => def.run({ input, actor, session, tx, request, now } as ActionContext<z.output<TSchema>, TAuth>), isNextAnswer);
      if (!result.ok) {
        if (def.refresh === 'always') refresh();
        return result;
      }
      if (def.after) await def.after({ input, actor, session, request, now, data: result.data } as Omit<ActionContext<z.output<TSchema>, TAuth>, 'tx'> & { data: TData });
      if (def.refresh) refresh();
      return result;
    } catch (e) {
      // redirect()/notFound() from `run` (after the commit) or from `after`.
      unstable_rethrow(e);
      const reference = request.requestId ?? 'unknown';
      log.error({ action: def.name, requestId: request.requestId, err: serializeError(e) }, 'action_error');
      return toFailure([{ code: 'unexpected', params: { reference } }]);
    }
  };
}

/**
 * The same pipeline for a plain `<form action={…}>` post, which works before (or
 * without) JavaScript: it reads the FormData and answers with redirect(), so the
 * form gets nothing back (a refusal the page cannot show leaves it as it is).
 */
export function defineFormAction<TSchema extends z.ZodType = z.ZodUndefined, TAuth extends AuthLevel = AuthLevel, TData = null>(
  def: ActionDefinition<TSchema, TAuth, TData>,
): (data: FormData) => Promise<void> {
  const action = defineAction(def);
  return async (data) => {
    await action(data);
  };
}
