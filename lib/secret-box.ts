import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/*
 * Authenticated encryption for secrets the server must read back (TOTP seeds).
 * AES-256-GCM with a key derived by HKDF-SHA256 from AUTH_PEPPER, which lives
 * outside the database: a database copy alone decrypts nothing. `context` (the
 * owner's user id) is bound as associated data, so a ciphertext moved to
 * another row does not decrypt. Format: `v1.<iv>.<ciphertext>.<tag>` (base64url).
 * Pure (the key is passed in), so test fixtures seal with the real code;
 * server/auth/secret-box.ts supplies the key from the environment.
 */

export const secretBoxKey = (pepper: string) => Buffer.from(hkdfSync('sha256', pepper, 'account-center', 'secret-box v1: totp', 32));

export function sealWith(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), ct.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
}

/** Throws when the box was tampered with, belongs to another context or another key. */
export function openWith(key: Buffer, sealed: string, context: string): string {
  const [version, iv, ct, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || !ct || !tag) throw new Error('secret-box: unknown format');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}
