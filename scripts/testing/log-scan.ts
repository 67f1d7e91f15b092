import { existsSync, readFileSync } from 'node:fs';

const UUIDS = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The secrets that occur in the log text. Request ids and other UUIDs are
 * blanked on both sides first, so a 6-digit PIN cannot match inside one by
 * chance while a token that embeds a user id (`<user id>.<topic>.<hmac>`) is
 * still found. A secret counts only as a whole value, not as a run of digits
 * inside a longer number; a secret that is nothing but a UUID is not one.
 */
export function leakedSecrets(secrets: readonly string[], log: string): string[] {
  const text = log.replace(UUIDS, '<id>');
  return [...new Set(secrets)].filter((secret) => {
    const s = secret.replace(UUIDS, '<id>');
    if (s.replaceAll('<id>', '').length < 6) return false;
    return new RegExp(`(?<![0-9A-Za-z])${escape(s)}(?![0-9A-Za-z])`).test(text);
  });
}

/** The recorded secrets (one a line, at least 6 characters) and the text of the log files that exist. */
export function readScanInputs(secretsFile: string, logFiles: readonly string[]) {
  const secrets = existsSync(secretsFile) ? readFileSync(secretsFile, 'utf8').split('\n').filter((s) => s.length >= 6) : [];
  const present = logFiles.filter((f) => existsSync(f));
  return { secrets: [...new Set(secrets)], log: present.map((f) => readFileSync(f, 'utf8')).join('\n'), missing: logFiles.filter((f) => !present.includes(f)) };
}

/**
 * Every secret a message carries: the `token` of each link (reset and PIN
 * links, email verification, unsubscribe, subscription confirmation, deletion
 * cancel) and each one-time code ("Your code is …": email change, mobile change
 * by SMS, report confirmation). The e2e helpers that read the outbox record
 * them, so the log scan looks for them too.
 */
export function secretsInMessage(...parts: readonly (string | null | undefined)[]): string[] {
  const text = parts.filter(Boolean).join('\n');
  const tokens = [...text.matchAll(/[?&]token=([^\s&>"'<]+)/g)].map((m) => {
    try {
      return decodeURIComponent(m[1]!);
    } catch {
      return m[1]!;
    }
  });
  const codes = [...text.matchAll(/\bcode is ([A-Za-z0-9]{6,})\b/g)].map((m) => m[1]!);
  return [...new Set([...tokens, ...codes])];
}
