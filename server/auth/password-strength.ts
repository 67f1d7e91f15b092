import 'server-only';
import { dictionary } from '@zxcvbn-ts/language-common';
import { MESSAGES } from '@/lib/messages';

// zxcvbn-ts ships ~49k leaked passwords, most common first.
let common: Set<string> | undefined;
const commonSet = () => (common ??= new Set(dictionary.passwords));

const SERVICE_WORDS = ['accountcenter', 'account center', 'account-center'];

/**
 * Refuses passwords from leaked lists, including such a password padded with
 * digits or symbols ("password123456"), ones made of one or two characters, and
 * the service's own name. Returns the message to show, or null.
 */
export function commonPasswordProblem(password: string): string | null {
  const p = password.normalize('NFKC').toLowerCase();
  const core = p.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (commonSet().has(p) || (core.length >= 4 && commonSet().has(core)) || new Set(p).size <= 2 || SERVICE_WORDS.some((w) => p.includes(w))) {
    return MESSAGES.password_common;
  }
  return null;
}
