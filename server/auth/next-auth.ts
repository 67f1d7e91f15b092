import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { env } from '../env';
import { log } from '../log';
import { revokeSession } from './sessions';
import { sessionCookieName, secureCookies } from './cookies';
import { authorizeFirstStep, authorizePasskey, authorizeSecondStep } from './sign-in-steps';

export { SecondStepRequired, SignInRefused } from './sign-in-steps';

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
        authorize: (raw, request) => authorizeFirstStep('password', raw, request),
      }),
      Credentials({
        id: 'pin',
        credentials: { mobile: {}, pin: {} },
        authorize: (raw, request) => authorizeFirstStep('pin', raw, request),
      }),
      // The second step: the waiting sign-in's token and one proof (authenticator code, recovery code or passkey).
      Credentials({
        id: 'second-step',
        credentials: { token: {}, proof: {} },
        authorize: (raw, request) => authorizeSecondStep(raw, request),
      }),
      // A passkey on its own (usernameless): the device verified its user, so this is two factors in one.
      Credentials({
        id: 'passkey',
        credentials: { token: {}, response: {} },
        authorize: (raw, request) => authorizePasskey(raw, request),
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
