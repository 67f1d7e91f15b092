import { z } from 'zod';
import { PASSKEY_NAME_MAX } from '../two-factor';
import { length, text } from './fields';

/** 6 digits from the authenticator app; spaces and dashes as people type them are allowed. */
export const totpCodeSchema = text('the 6-digit code')
  .trim()
  .min(1, 'Enter the 6-digit code from your app')
  .max(20, 'The code is 6 digits')
  .transform((v) => v.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'The code is 6 digits, like 123456'));

/** A recovery code as printed (xxxxx-xxxxx); case, spaces and dashes do not matter. */
export const recoveryCodeSchema = text('a recovery code')
  .trim()
  .min(1, 'Enter one of your recovery codes')
  .max(40, 'Recovery codes are 10 letters and digits, like 4k7mp-x2q9r')
  .transform((v) => v.toLowerCase().replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^[a-z0-9]{10}$/, 'Recovery codes are 10 letters and digits, like 4k7mp-x2q9r'));

export const passkeyNameSchema = text('a name')
  .trim()
  .min(1, 'Give the passkey a name, such as "Work laptop"')
  .refine((v) => length(v) <= PASSKEY_NAME_MAX, `Use at most ${PASSKEY_NAME_MAX} characters`);

// Extension outputs are the browser's business; the server reads none of them.
const extensionResults = z.unknown().transform((v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {}) as Record<string, never>);
const b64url = z.string().max(16_384).regex(/^[A-Za-z0-9_-]*$/, 'not base64url');

/** What @simplewebauthn/browser's startRegistration() returns, checked for shape before the library verifies it. */
export const passkeyAttestationSchema = z.object({
  id: b64url.min(1),
  rawId: b64url.min(1),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url,
    attestationObject: b64url,
    authenticatorData: b64url.optional(),
    transports: z.array(z.string().max(32)).max(10).optional(),
    publicKeyAlgorithm: z.number().optional(),
    publicKey: b64url.optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: extensionResults,
});
export type PasskeyAttestation = z.infer<typeof passkeyAttestationSchema>;

/** What startAuthentication() returns. */
export const passkeyAssertionSchema = z.object({
  id: b64url.min(1),
  rawId: b64url.min(1),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: extensionResults,
});
export type PasskeyAssertion = z.infer<typeof passkeyAssertionSchema>;

export const registerPasskeySchema = z.object({ name: passkeyNameSchema, response: passkeyAttestationSchema });
export const renamePasskeySchema = z.object({ id: z.uuid('That passkey was not found.'), name: passkeyNameSchema });
export const passkeyIdSchema = z.object({ id: z.uuid('That passkey was not found.') });
export const totpConfirmSchema = z.object({ code: totpCodeSchema });
/** The passkey name forms (add, rename): the name alone, before the browser's response is added. */
export const passkeyNameFormSchema = z.object({ name: passkeyNameSchema });

/** The second step of a sign-in: one of three proofs. */
export const secondStepSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('totp'), code: totpCodeSchema }),
  z.object({ kind: z.literal('recovery_code'), code: recoveryCodeSchema }),
  z.object({ kind: z.literal('passkey'), response: passkeyAssertionSchema }),
]);
export type SecondStepInput = z.infer<typeof secondStepSchema>;
