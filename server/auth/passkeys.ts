import 'server-only';
import { and, asc, eq } from 'drizzle-orm';
import { generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';
import type { DbOrTx, Tx } from '@/db/client';
import { passkeys } from '@/db/schema';
import type { PasskeyAssertion, PasskeyAttestation } from '@/lib/validation/two-factor';
import { clock } from '../clock';
import { env } from '../env';
import { log, serializeError } from '../log';
import { consumeChallenge, createChallenge } from './challenges';

export type PasskeyRow = typeof passkeys.$inferSelect;

/** The relying party is this app's own origin (APP_URL): passkeys made here work only here. */
export function relyingParty() {
  const url = new URL(env().APP_URL);
  return { rpID: url.hostname, origin: url.origin, rpName: 'Account Center' };
}

const REGISTER_MINUTES = 5;

export async function listPasskeys(db: DbOrTx, userId: string) {
  return db.select().from(passkeys).where(eq(passkeys.userId, userId)).orderBy(asc(passkeys.createdAt));
}

/** Options for navigator.credentials.create(); the challenge is kept (single use, 5 minutes) for this account only. */
export async function passkeyRegistrationOptions(db: DbOrTx, user: { id: string; username: string }, now = clock.now()) {
  const { rpID, rpName } = relyingParty();
  const existing = await listPasskeys(db, user.id);
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userName: user.username,
    userID: isoBase64URL.toBuffer(isoBase64URL.fromUTF8String(user.id)),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: p.transports })),
    // Discoverable credentials, so the passkey can also sign in without a username.
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  await createChallenge(db, { purpose: 'passkey_register', userId: user.id, webauthnChallenge: options.challenge, minutes: REGISTER_MINUTES }, now);
  return options;
}

export type RegisterOutcome = { ok: true; passkey: PasskeyRow } | { ok: false; reason: 'passkey_invalid' | 'passkey_duplicate' };

/**
 * Verifies the browser's attestation against a live challenge issued to this
 * account (the challenge is used up whatever the outcome) and stores the passkey.
 */
export async function registerPasskey(tx: Tx, userId: string, response: PasskeyAttestation, name: string, now = clock.now()): Promise<RegisterOutcome> {
  const { rpID, origin } = relyingParty();
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: async (challenge) => !!(await consumeChallenge(tx, { purpose: 'passkey_register', userId, webauthnChallenge: challenge }, now)),
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: false,
    });
  } catch (e) {
    log.info({ event: 'passkey_register_refused', err: serializeError(e) });
    return { ok: false, reason: 'passkey_invalid' };
  }
  if (!verification.verified) return { ok: false, reason: 'passkey_invalid' };
  const { credential, credentialDeviceType, credentialBackedUp } = verification.registrationInfo;
  const [row] = await tx
    .insert(passkeys)
    .values({
      userId,
      credentialId: credential.id,
      publicKey: isoBase64URL.fromBuffer(credential.publicKey),
      counter: credential.counter,
      transports: credential.transports ?? [],
      name,
      deviceType: credentialDeviceType,
      backedUp: credentialBackedUp,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning();
  return row ? { ok: true, passkey: row } : { ok: false, reason: 'passkey_duplicate' };
}

/** Options for navigator.credentials.get(): the account's passkeys, or none (the browser offers its discoverable ones). */
export async function passkeyAuthenticationOptions(db: DbOrTx, userId: string | null, userVerification: 'required' | 'preferred') {
  const { rpID } = relyingParty();
  const allow = userId ? (await listPasskeys(db, userId)).map((p) => ({ id: p.credentialId, transports: p.transports })) : undefined;
  return generateAuthenticationOptions({ rpID, allowCredentials: allow, userVerification });
}

/**
 * Verifies an assertion against a challenge we issued: the signature with the
 * stored public key, origin, RP id, user presence (and verification when
 * required) and the signature counter (a counter that goes back means a cloned
 * key). On success records the new counter and when it was last used.
 */
export async function verifyPasskeyAssertion(
  tx: Tx,
  response: PasskeyAssertion,
  expectedChallenge: string,
  opts: { userId?: string; requireUserVerification: boolean },
  now = clock.now(),
): Promise<{ ok: true; userId: string; passkey: PasskeyRow } | { ok: false; userId: string | null }> {
  const [row] = await tx
    .select()
    .from(passkeys)
    .where(opts.userId ? and(eq(passkeys.credentialId, response.id), eq(passkeys.userId, opts.userId)) : eq(passkeys.credentialId, response.id))
    .for('update');
  if (!row) return { ok: false, userId: null };
  const { rpID, origin } = relyingParty();
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: { id: row.credentialId, publicKey: isoBase64URL.toBuffer(row.publicKey), counter: row.counter, transports: row.transports },
      requireUserVerification: opts.requireUserVerification,
    });
    if (!result.verified) return { ok: false, userId: row.userId };
    const [updated] = await tx.update(passkeys).set({ counter: result.authenticationInfo.newCounter, lastUsedAt: now }).where(eq(passkeys.id, row.id)).returning();
    return { ok: true, userId: row.userId, passkey: updated! };
  } catch (e) {
    log.info({ event: 'passkey_assertion_refused', err: serializeError(e) });
    return { ok: false, userId: row.userId };
  }
}

export async function removePasskey(db: DbOrTx, userId: string, id: string) {
  const [row] = await db.delete(passkeys).where(and(eq(passkeys.id, id), eq(passkeys.userId, userId))).returning();
  return row ?? null;
}

export async function renamePasskey(db: DbOrTx, userId: string, id: string, name: string) {
  const [row] = await db.update(passkeys).set({ name }).where(and(eq(passkeys.id, id), eq(passkeys.userId, userId))).returning();
  return row ?? null;
}
