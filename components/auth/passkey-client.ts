'use client';
import { browserSupportsWebAuthn, startAuthentication, startRegistration, type PublicKeyCredentialCreationOptionsJSON, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { messageFor } from '@/lib/messages';

/**
 * The browser half of WebAuthn (@simplewebauthn/browser): the server's options
 * in, the authenticator's answer out, or a sentence for the person. A cancelled
 * or timed-out prompt is an answer too ("NotAllowedError"), not a failure.
 */
export type PasskeyAnswer<T> = { ok: true; response: T } | { ok: false; message: string };

function explain(e: unknown): string {
  const name = (e as { name?: string })?.name;
  if (name === 'NotAllowedError' || name === 'AbortError') return messageFor({ code: 'passkey_cancelled' });
  if (name === 'InvalidStateError') return messageFor({ code: 'passkey_duplicate' });
  return messageFor({ code: 'passkey_invalid' });
}

export async function askForPasskey(optionsJSON: PublicKeyCredentialRequestOptionsJSON) {
  if (!browserSupportsWebAuthn()) return { ok: false, message: messageFor({ code: 'passkey_unsupported' }) } as const;
  try {
    return { ok: true, response: await startAuthentication({ optionsJSON }) } as const;
  } catch (e) {
    return { ok: false, message: explain(e) } as const;
  }
}

export async function createPasskey(optionsJSON: PublicKeyCredentialCreationOptionsJSON) {
  if (!browserSupportsWebAuthn()) return { ok: false, message: messageFor({ code: 'passkey_unsupported' }) } as const;
  try {
    return { ok: true, response: await startRegistration({ optionsJSON }) } as const;
  } catch (e) {
    return { ok: false, message: explain(e) } as const;
  }
}
