import { hash, verify } from '@node-rs/argon2';

/*
 * Argon2id (algorithm 2) at OWASP's m=19456 KiB, t=2, p=1, keyed with a pepper
 * kept outside the database. Pure (the pepper is passed in), so test fixtures
 * hash with the real parameters; server/auth/hash.ts supplies the pepper.
 */
const options = (pepper: string) => ({ algorithm: 2 as const, memoryCost: 19456, timeCost: 2, parallelism: 1, secret: Buffer.from(pepper) });

/** Secrets are NFKC-normalized so the same password typed on another keyboard still matches. */
const prepare = (secret: string) => secret.normalize('NFKC');

export const hashSecretWith = (pepper: string, secret: string) => hash(prepare(secret), options(pepper));

export async function verifySecretWith(pepper: string, stored: string, secret: string): Promise<boolean> {
  try {
    return await verify(stored, prepare(secret), options(pepper));
  } catch {
    return false;
  }
}
