import 'server-only';
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoBase64URL, isoCBOR } from '@simplewebauthn/server/helpers';
import type { PasskeyAssertion, PasskeyAttestation } from '@/lib/validation/two-factor';

/*
 * A software WebAuthn authenticator for tests (a real one: a P-256 key pair,
 * authenticator data, CBOR attestation object, ES256 signatures over
 * authData ‖ SHA-256(clientDataJSON)), so the server's verification runs for
 * real against what a browser would send. `none` attestation, like most passkeys.
 */

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export class SoftAuthenticator {
  readonly credentialId = randomBytes(16);
  private readonly privateKey: KeyObject;
  private readonly publicJwk: { x: string; y: string };
  counter = 0;
  userHandle: string | undefined;

  constructor(
    readonly rp: { id: string; origin: string },
    readonly opts: { userVerified?: boolean } = {},
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
    this.publicJwk = jwk;
  }

  get id() {
    return isoBase64URL.fromBuffer(this.credentialId);
  }

  private flags(extra = 0) {
    return FLAG_UP | (this.opts.userVerified === false ? 0 : FLAG_UV) | extra;
  }

  private clientData(type: 'webauthn.create' | 'webauthn.get', challenge: string, origin = this.rp.origin) {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  }

  /** What navigator.credentials.create() resolves to, as @simplewebauthn/browser serialises it. */
  register(options: { challenge: string; user?: { id: string } }, tweak: { origin?: string; rpId?: string } = {}): PasskeyAttestation {
    this.userHandle = options.user?.id;
    const cose = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(this.publicJwk.x, 'base64url')],
      [-3, Buffer.from(this.publicJwk.y, 'base64url')],
    ]);
    const coseKey = isoCBOR.encode(cose);
    const idLen = Buffer.alloc(2);
    idLen.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([sha256(tweak.rpId ?? this.rp.id), Buffer.from([this.flags(FLAG_AT)]), u32(this.counter), Buffer.alloc(16), idLen, this.credentialId, coseKey]);
    const attestation = new Map<string, Parameters<typeof isoCBOR.encode>[0]>();
    attestation.set('fmt', 'none');
    attestation.set('attStmt', new Map());
    attestation.set('authData', new Uint8Array(authData));
    const attestationObject = isoCBOR.encode(attestation);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: isoBase64URL.fromBuffer(this.clientData('webauthn.create', options.challenge, tweak.origin)),
        attestationObject: isoBase64URL.fromBuffer(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
    };
  }

  /** What navigator.credentials.get() resolves to. Each assertion counts up, like a hardware key. */
  assert(challenge: string, tweak: { origin?: string; counter?: number; tamper?: boolean } = {}): PasskeyAssertion {
    this.counter = tweak.counter ?? this.counter + 1;
    const authData = Buffer.concat([sha256(this.rp.id), Buffer.from([this.flags()]), u32(this.counter)]);
    const clientDataJSON = this.clientData('webauthn.get', challenge, tweak.origin);
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), this.privateKey);
    if (tweak.tamper) signature.writeUInt8(signature.readUInt8(signature.length - 1) ^ 0x01, signature.length - 1);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: isoBase64URL.fromBuffer(clientDataJSON),
        authenticatorData: isoBase64URL.fromBuffer(authData),
        signature: isoBase64URL.fromBuffer(signature),
        userHandle: this.userHandle,
      },
      clientExtensionResults: {},
    };
  }
}
