import 'server-only';
import { hash, verify } from '@node-rs/argon2';
import { env } from '../env';

// Argon2id (algorithm 2) at OWASP's m=19456 KiB, t=2, p=1, keyed with a pepper kept outside the database.
const options = () => ({ algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1, secret: Buffer.from(env().AUTH_PEPPER) });

/** Secrets are NFKC-normalized so the same password typed on another keyboard still matches. */
const prepare = (secret: string) => secret.normalize('NFKC');

export const hashSecret = (secret: string) => hash(prepare(secret), options());

export async function verifySecret(stored: string, secret: string): Promise<boolean> {
  try {
    return await verify(stored, prepare(secret), options());
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/** Verifies against a throwaway hash so an unknown account costs the same time as a wrong secret. */
export async function dummyVerify(secret: string): Promise<false> {
  dummy ??= hashSecret('dummy password that matches nothing');
  await verifySecret(await dummy, secret);
  return false;
}
