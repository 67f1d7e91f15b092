/** server/account/security.ts's changeSecret with its refusal in words, field and sentence, as app/(account)/account/security/actions.ts shows it (see README.md). */
import { messageFor } from '@/lib/messages';
import * as security from '@/server/account/security';

export * from '@/server/account/security';
export async function changeSecret(...args: Parameters<typeof security.changeSecret>) {
  const r = await security.changeSecret(...args);
  return r.ok ? r : { ok: false as const, field: r.reason.field, message: messageFor(r.reason) };
}
