import 'server-only';
import { eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { users } from '@/db/schema';
import { fieldErrorsOf, signUpSchema } from '@/lib/validation/auth';
import { clock } from '../clock';
import { env } from '../env';
import { audit } from '../core/audit';
import { createAccount } from './accounts';
import { toFailure } from '../core/refusal';

export type CreateAdministratorResult =
  | { ok: true; userId: string; username: string }
  | { ok: false; reason: 'username_taken'; username: string }
  | { ok: false; reason: 'invalid'; fieldErrors: Record<string, string[]> };

/**
 * An administrator created on the server (`npm run admin:create`): how a real
 * deployment gets its first admin, since no account is seeded there
 * (docs/decisions/017). The input passes sign-up's own schema (length, and the
 * password must not contain the username or email) and createAccount's
 * common-password check; the password is hashed like every other, a link to
 * confirm the address is emailed, and an `admin.created` audit entry is written
 * in the same transaction, as every other grant of the admin role is audited.
 */
export async function createAdministrator(input: { username: string; email: string; password: string }, now = clock.now()): Promise<CreateAdministratorResult> {
  const parsed = signUpSchema(env().DEFAULT_PHONE_REGION).safeParse({ username: input.username, email: input.email, password: input.password });
  if (!parsed.success) return { ok: false, reason: 'invalid', fieldErrors: fieldErrorsOf(parsed.error) };
  const { username, email, password } = parsed.data;
  const [existing] = await getDb().select({ id: users.id }).from(users).where(eq(users.username, username));
  if (existing) return { ok: false, reason: 'username_taken', username };
  // One transaction: the account and its audit entry, both or neither.
  const created = await getDb().transaction(async (tx) => {
    const r = await createAccount(tx, { username, email, password, role: 'admin' }, now);
    if (r.ok) await audit(tx, { actor: { userId: r.userId, role: 'admin' }, action: 'admin.created', subjectUserId: r.userId, reason: 'Created on the server with npm run admin:create' }, now);
    return r;
  });
  if (created.ok) return { ok: true, userId: created.userId, username };
  // The unique index still decides a race with a sign-up taking the same name.
  return created.reasons.some((r) => r.field === 'username')
    ? { ok: false, reason: 'username_taken', username }
    : { ok: false, reason: 'invalid', fieldErrors: (toFailure(created.reasons) as { fieldErrors?: Record<string, string[]> }).fieldErrors ?? {} };
}
