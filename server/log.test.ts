import { randomBytes } from 'node:crypto';
import { Console } from 'node:console';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { hashSecret } from './auth/hash';
import { createLogger, guardConsole, serializeError, toSafeError } from './log';

/** A logger configured as the app's, writing into a string. */
function capturedLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger(stream, 'info'), text: () => lines.join('') };
}

/** Inserts an account, then a second one with the same email: the unique violation as drizzle and postgres throw it. */
async function uniqueViolation() {
  const email = `ann.${randomBytes(4).toString('hex')}@example.test`;
  const passwordHash = await hashSecret(`secret ${randomBytes(4).toString('hex')}`);
  const row = (username: string) => ({ username, email, emailNormalized: email, passwordHash });
  await getDb().insert(users).values(row(`log${randomBytes(5).toString('hex')}`));
  const second = `log${randomBytes(5).toString('hex')}`;
  const error = await getDb()
    .insert(users)
    .values(row(second))
    .then(() => null, (e: unknown) => e);
  expect(error, 'the second insert fails').toBeInstanceOf(Error);
  return { error: error as Error, values: [email, passwordHash, second] };
}

describe('logged errors carry no values (docs/decisions/019)', () => {
  it('a failed unique-violation insert logs its SQLSTATE and constraint, and no parameter value', async () => {
    const { error, values } = await uniqueViolation();
    // The raw error holds them all: drizzle's message, postgres' `parameters` and `detail`.
    const raw = `${error.message} ${JSON.stringify((error as { cause?: unknown }).cause, Object.getOwnPropertyNames((error as { cause?: object }).cause ?? {}))}`;
    for (const v of values) expect(raw).toContain(v);

    const { logger, text } = capturedLogger();
    logger.error({ event: 'test_failure', err: error });
    logger.error({ event: 'test_failure', error });
    logger.error(error);
    logger.error({ event: 'test_failure' }, 'insert failed: %s', error.message);
    logger.error({ event: 'test_failure' }, 'insert failed: %s', error);
    const out = text();
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(5);
    for (const v of values) expect(out).not.toContain(v);
    expect(out).not.toMatch(/Key \(|\$argon2|@example\.test/);
    expect(lines[0]!.err).toMatchObject({ type: 'DrizzleQueryError', message: 'Failed query', cause: { type: 'PostgresError', sqlState: '23505', table: 'users' } });
    expect((lines[0]!.err as { cause: { constraint: string } }).cause.constraint).toMatch(/email/);
    expect(lines[0]!.err).toEqual(lines[1]!.error);
    expect(lines[2]!.err).toEqual(lines[0]!.err);
  });

  it('console.error and console.warn (where Next.js prints errors) print the same safe form', async () => {
    const { error, values } = await uniqueViolation();
    const stderr = new PassThrough();
    const stdout = new PassThrough();
    let printed = '';
    stderr.on('data', (d: Buffer) => (printed += d.toString()));
    const target = new Console({ stdout, stderr });
    guardConsole(target);
    guardConsole(target); // once only
    target.error(' ⨯', error);
    target.warn('retrying after', error.message);
    target.error({ nested: 'no email here' }, `for ${values[0]}`);
    for (const v of values) expect(printed).not.toContain(v);
    expect(printed).toContain('23505');
    expect(printed).toContain('DrizzleQueryError: Failed query');
    expect(printed.match(/⨯/g)).toHaveLength(1);
  });

  it('what pg-boss stores for a failed job is the safe form too', async () => {
    const { error, values } = await uniqueViolation();
    const safe = toSafeError(error);
    const stored = JSON.stringify({ ...safe, message: safe.message, stack: safe.stack });
    for (const v of values) expect(stored).not.toContain(v);
    expect(safe.message).toBe('Failed query');
  });

  it('scrubs addresses, hashes and tokens out of any message, keeping ids and file paths', () => {
    const e = new Error('mail to bob@example.org refused; hash $argon2id$v=19$m=19456,t=2,p=1$abc$def; token AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-; user 0b6c3f0e-1b2a-4c3d-8e9f-0a1b2c3d4e5f');
    const s = serializeError(e);
    expect(s.message).toBe('mail to [email] refused; hash [hash]; token [token]; user 0b6c3f0e-1b2a-4c3d-8e9f-0a1b2c3d4e5f');
    expect(s.stack).toMatch(/log\.test\.ts/);
    expect(serializeError({ name: 'validation_error', statusCode: 422, message: 'Invalid `to`: bob@example.org' })).toEqual({
      type: 'object',
      message: '{"name":"validation_error","statusCode":422,"message":"Invalid `to`: [email]"}',
    });
  });
});
