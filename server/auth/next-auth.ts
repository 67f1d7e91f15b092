import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { passwordSignInSchema, pinSignInSchema } from '@/lib/validation/auth';
import { getDb } from '@/db/client';
import { env } from '../env';
import { log } from '../log';
import { contextFrom } from '../request';
import { verifyPasswordSignIn, verifyPinSignIn, type SignInOutcome } from './credentials';
import { createSession, revokeSession } from './sessions';
import { noticeNewDevice } from '../account/security';
import { sessionCookieName, secureCookies } from './cookies';

/** Carries why a sign-in failed to the action: `invalid` or `locked:<epoch ms>`. */
export class SignInRefused extends CredentialsSignin {
  constructor(outcome: Exclude<SignInOutcome, { ok: true }>) {
    super();
    this.code = outcome.reason === 'locked' ? `locked:${outcome.retryAt.getTime()}` : 'invalid';
  }
}

async function startSession(outcome: SignInOutcome, method: 'password' | 'pin', request: Request) {
  if (!outcome.ok) throw new SignInRefused(outcome);
  const ctx = contextFrom(request.headers);
  const session = await createSession(getDb(), { userId: outcome.userId, method, ip: ctx.ip, userAgent: ctx.userAgent });
  await noticeNewDevice(outcome.userId, session.id, ctx).catch((e: unknown) => log.error({ event: 'new_device_notice_failed', err: e }));
  return { id: outcome.userId, sessionId: session.id };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const secure = secureCookies();
  return {
    secret: env().AUTH_SECRET,
    trustHost: true,
    // Credentials sign-in requires JWT sessions; the JWT only carries our session id
    // and the `sessions` row decides (server/auth/current.ts).
    session: { strategy: 'jwt', maxAge: env().SESSION_ABSOLUTE_HOURS * 3600 },
    secureCookies: secure,
    cookies: {
      sessionToken: { name: sessionCookieName(), options: { httpOnly: true, sameSite: 'lax', path: '/', secure } },
    },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    logger: {
      // Auth.js logs CredentialsSignin as an error; it is an expected outcome and carries no secret.
      error: (error) => (error instanceof CredentialsSignin ? log.debug({ event: 'auth.credentials_refused' }) : log.error({ event: 'auth.error', err: error })),
      warn: (code) => log.warn({ event: 'auth.warn', code }),
      debug: () => {},
    },
    providers: [
      Credentials({
        id: 'password',
        credentials: { identifier: {}, password: {} },
        authorize: async (raw, request) => {
          const input = passwordSignInSchema.safeParse(raw);
          if (!input.success) throw new SignInRefused({ ok: false, reason: 'invalid' });
          return startSession(await verifyPasswordSignIn(input.data.identifier, input.data.password, contextFrom(request.headers)), 'password', request);
        },
      }),
      Credentials({
        id: 'pin',
        credentials: { mobile: {}, pin: {} },
        authorize: async (raw, request) => {
          const input = pinSignInSchema(env().DEFAULT_PHONE_REGION).safeParse(raw);
          if (!input.success) throw new SignInRefused({ ok: false, reason: 'invalid' });
          return startSession(await verifyPinSignIn(input.data.mobile, input.data.pin, contextFrom(request.headers)), 'pin', request);
        },
      }),
    ],
    events: {
      // Every sign-out Auth.js performs ends our sessions row too: its own POST /api/auth/signout (which would
      // otherwise only clear the cookie, leaving a copied one alive) as well as signOut() in our actions, which
      // revoke first (a second revoke keeps the first reason). A failure here is logged and the cookie still goes.
      signOut: async (message) => {
        const sid = 'token' in message ? message.token?.sid : undefined;
        if (typeof sid === 'string') await revokeSession(sid, 'signed_out');
      },
    },
    callbacks: {
      jwt: ({ token, user }) => {
        if (user && 'sessionId' in user) token.sid = user.sessionId;
        return token;
      },
      session: ({ session, token }) => ({ ...session, sid: typeof token.sid === 'string' ? token.sid : undefined }),
    },
  };
});
