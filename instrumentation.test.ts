import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { onRequestError, register } from './instrumentation';
import { log } from './server/log';

/** An error shaped like drizzle's failed query: the parameters in its message and fields. */
function failedQuery(email: string) {
  const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
    name: 'PostgresError',
    severity: 'ERROR',
    code: '23505',
    detail: `Key (email)=(${email}) already exists.`,
    constraint_name: 'users_email_key',
    table_name: 'users',
    parameters: [email],
  });
  return Object.assign(new Error(`Failed query: insert into "users" ("email") values ($1)\nparams: ${email}`), { query: 'insert …', params: [email], cause });
}

describe('instrumentation: what Next.js reports and prints', () => {
  afterEach(() => vi.restoreAllMocks());

  it('register() makes console.error print errors without their values', async () => {
    const email = `ann.${randomBytes(3).toString('hex')}@example.test`;
    const printed: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
    vi.stubEnv('NEXT_RUNTIME', 'nodejs');
    await register();
    // As Next.js prints a failed page render.
    console.error(' ⨯', failedQuery(email));
    expect(printed.join('\n')).not.toContain(email);
    expect(printed.join('\n')).toMatch(/Error: Failed query\n[\s\S]*caused by PostgresError: duplicate key value violates unique constraint "users_email_key" \[23505 users_email_key users\]/);
  });

  it('onRequestError hands the error itself to the logger, which serializes it', async () => {
    const email = `bob.${randomBytes(3).toString('hex')}@example.test`;
    const error = vi.spyOn(log, 'error').mockImplementation(() => undefined);
    const err = Object.assign(failedQuery(email), { digest: '12345' });
    await onRequestError(err, { path: '/account', method: 'GET', headers: { 'x-request-id': 'req-1' } }, { routerKind: 'App Router', routePath: '/account', routeType: 'render', renderSource: 'react-server-components', revalidateReason: undefined });
    expect(error).toHaveBeenCalledTimes(1);
    const [fields] = error.mock.calls[0]! as unknown as [Record<string, unknown>];
    expect(fields).toMatchObject({ event: 'request_error', requestId: 'req-1', digest: '12345', route: '/account', err });
    expect(Object.keys(fields).sort()).toEqual(['digest', 'err', 'event', 'requestId', 'route', 'routeType']);
  });
});
