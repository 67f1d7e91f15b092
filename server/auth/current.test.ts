import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { encode } from 'next-auth/jwt';
import { describe, expect, it } from 'vitest';
import { GET as queueGET } from '@/app/api/admin/reports/route';
import { GET as sessionsGET } from '@/app/api/account/sessions/route';
import { GET as statusGET } from '@/app/api/session/route';
import { getDb } from '@/db/client';
import { sessions, users } from '@/db/schema';
import { kindOfNavigation, sessionFromHeaders } from './current';
import { hashSecret } from './hash';
import { createSession, type Role } from './sessions';

const MIN = 60_000;
const COOKIE = 'authjs.session-token';

/** A signed-in browser's cookie for `role`, its session last active `idleMinutes` ago. */
async function signedIn(role: Role, idleMinutes: number) {
  const username = `cur${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const [user] = await getDb()
    .insert(users)
    .values({ username, email: `${username}@example.test`, emailNormalized: `${username}@example.test`, passwordHash: await hashSecret('not used here'), role })
    .returning({ id: users.id });
  const session = await createSession(getDb(), { userId: user!.id, method: 'password', secondFactor: role === 'customer' ? null : 'totp', ip: '203.0.113.7', userAgent: 'vitest' }, new Date(Date.now() - idleMinutes * MIN));
  const jwt = await encode({ token: { sub: user!.id, sid: session.id }, secret: process.env.AUTH_SECRET!, salt: COOKIE, maxAge: 3600 });
  return { sessionId: session.id, cookie: `${COOKIE}=${jwt}` };
}

const lastSeen = async (id: string) => (await getDb().select({ at: sessions.lastSeenAt, revoked: sessions.revokedReason }).from(sessions).where(eq(sessions.id, id)))[0]!;
const get = (path: string, cookie: string) => new Request(`http://localhost${path}`, { headers: { cookie } });

describe('which requests extend a session (docs/decisions/018)', () => {
  it('the staff queue refresh, the session list and the status poll leave last_seen_at alone; a page load moves it', async () => {
    const { sessionId, cookie } = await signedIn('staff', 10);
    const before = (await lastSeen(sessionId)).at;

    expect((await queueGET(get('/api/admin/reports', cookie))).status).toBe(200);
    expect((await sessionsGET(get('/api/account/sessions', cookie))).status).toBe(200);
    const status = await statusGET(get('/api/session', cookie));
    expect(status.status).toBe(200);
    // The poll tells the true end: 15 staff minutes from the last activity, 10 of them gone.
    const { expiresAt } = (await status.json()) as { expiresAt: string };
    expect(Date.parse(expiresAt)).toBe(before.getTime() + 15 * MIN);
    expect((await lastSeen(sessionId)).at).toEqual(before);

    // The router prefetching a link in view is not the user doing anything either.
    const prefetch = new Headers({ cookie, rsc: '1', 'next-router-prefetch': '1' });
    expect(kindOfNavigation(prefetch)).toBe('poll');
    expect((await sessionFromHeaders(prefetch, kindOfNavigation(prefetch))).state).toBe('active');
    expect((await lastSeen(sessionId)).at).toEqual(before);

    // A page navigation (a document request, or the router's RSC request for the next page) is activity.
    const navigation = new Headers({ cookie, rsc: '1' });
    expect(kindOfNavigation(navigation)).toBe('activity');
    const loaded = await sessionFromHeaders(navigation, kindOfNavigation(navigation));
    expect(loaded.state).toBe('active');
    const after = (await lastSeen(sessionId)).at;
    expect(Date.now() - after.getTime()).toBeLessThan(5000);
    expect(loaded.state === 'active' && loaded.expiresAt.getTime()).toBe(after.getTime() + 15 * MIN);
  });

  it('a server action (Next-Action header) is activity', async () => {
    const { sessionId, cookie } = await signedIn('customer', 10);
    const action = new Headers({ cookie, 'next-action': 'abc123' });
    expect(kindOfNavigation(action)).toBe('activity');
    await sessionFromHeaders(action, 'activity');
    expect(Date.now() - (await lastSeen(sessionId)).at.getTime()).toBeLessThan(5000);
  });

  it('a poll still enforces the idle timeout: past it, the queue answers 401 and the row is ended', async () => {
    const { sessionId, cookie } = await signedIn('staff', 16);
    expect((await queueGET(get('/api/admin/reports', cookie))).status).toBe(401);
    expect((await lastSeen(sessionId)).revoked).toBe('idle_timeout');
    const status = await statusGET(get('/api/session', cookie));
    expect(status.status).toBe(401);
    expect(await status.json()).toEqual({ active: false, reason: 'revoked' });
  });

  it('only the session cookie signs a request in: no cookie, a forged one, or a bearer token are nobody', async () => {
    const { cookie } = await signedIn('staff', 1);
    const jwt = cookie.slice(COOKIE.length + 1);
    const refused: Record<string, string>[] = [{}, { cookie: `${COOKIE}=${jwt.slice(0, -4)}AAAA` }, { authorization: `Bearer ${jwt}` }];
    for (const headers of refused) {
      expect((await sessionFromHeaders(new Headers(headers), 'activity')).state).toBe('missing');
      expect((await queueGET(new Request('http://localhost/api/admin/reports', { headers }))).status).toBe(401);
    }
  });
});

describe('every GET route handler is a background read', () => {
  it('loads the session without extending it (sessionForPoll, pollActor), never as activity', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const routes = readdirSync(path.join(root, 'app/api'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('route.ts'));
    const gets = routes.map((f) => [f, readFileSync(path.join(root, 'app/api', f), 'utf8')] as const).filter(([, src]) => /export (async function|const) GET\b/.test(src));
    expect(gets.length).toBeGreaterThan(5);
    for (const [file, src] of gets) {
      const get = src.slice(src.search(/export (async function|const) GET\b/)).split(/\nexport /)[0]!;
      expect(get, file).not.toMatch(/\b(currentSession|sessionForApi|sessionActor|requireUser|requireStaff)\(/);
    }
  });
});
