import 'server-only';
import { env } from '../env';
import { hashSecretWith, verifySecretWith } from './secret-hash';

export const hashSecret = (secret: string) => hashSecretWith(env().AUTH_PEPPER, secret);

export const verifySecret = (stored: string, secret: string) => verifySecretWith(env().AUTH_PEPPER, stored, secret);

let dummy: Promise<string> | undefined;
/** Verifies against a throwaway hash so an unknown account costs the same time as a wrong secret. */
export async function dummyVerify(secret: string): Promise<false> {
  dummy ??= hashSecret('dummy password that matches nothing');
  await verifySecret(await dummy, secret);
  return false;
}
