import 'server-only';
import { getDb } from '@/db/client';
import { preparedTogether } from '@/db/prepared';
import { twoFactorQueries, twoFactorViewFrom } from '../auth/factors';
import type { Role } from '../auth/sessions';
import { clock } from '../clock';
import { preferencesQueries, preferencesViewFrom } from '../consent/preferences';
import { accessLog } from '../core/audit';
import { disputedQuery } from '../reports/customer';
import { securityEventsFrom, securityEventsQuery } from './activity';
import { overviewFrom, overviewQuery } from './overview';
import { changesQuery, getProfile, profileQuery, type Profile } from './profile';
import { loginHistoryFrom, loginHistoryQuery, sessionsFrom, sessionsQuery } from './security';

/*
 * What each signed-in customer page shows, read in ONE statement (db/read-together.ts),
 * built once per process and prepared on each connection (db/prepared.ts):
 * with the session load (server/auth/sessions.ts) a page costs two round trips
 * whatever the account holds (docs/decisions/033). The parts are the same
 * queries the standalone functions run, so both say the same thing.
 */

/** A profile row is created empty on first use: the one page read that may need a second query, once per account. */
async function profileOf(rows: Profile[], userId: string): Promise<Profile> {
  return rows[0] ?? getProfile(userId);
}

const disputedSet = (rows: { item: string }[]) => new Set(rows.map((r) => r.item));

/** /account: the overview, the profile, the last 5 changes, disputed items, the last 50 staff accesses. */
const accountReads = preparedTogether(['userId'], (db, { userId }) => ({
  info: overviewQuery(userId, db),
  profile: profileQuery(userId, db),
  changes: changesQuery(userId, 5, db),
  disputed: disputedQuery(userId, db),
  access: accessLog(db, userId, 50),
}));

export async function accountPageData(userId: string) {
  const r = await accountReads(getDb(), { userId });
  return { info: overviewFrom(r.info), profile: await profileOf(r.profile, userId), changes: r.changes, disputed: disputedSet(r.disputed), access: r.access };
}

/** /account/profile: the profile, the overview (contact details), the last 20 changes, disputed items. */
const profileReads = preparedTogether(['userId'], (db, { userId }) => ({ profile: profileQuery(userId, db), info: overviewQuery(userId, db), changes: changesQuery(userId, 20, db), disputed: disputedQuery(userId, db) }));

export async function profilePageData(userId: string) {
  const r = await profileReads(getDb(), { userId });
  return { profile: await profileOf(r.profile, userId), info: overviewFrom(r.info), changes: r.changes, disputed: disputedSet(r.disputed) };
}

/** /account/security: live sessions, sign-in history (first page), the overview, account activity, two-step sign-in. */
const securityReads = preparedTogether(['userId', 'now'], (db, { userId, now }) => {
  const factors = twoFactorQueries(db, userId);
  return {
    sessions: sessionsQuery(userId, now, db),
    history: loginHistoryQuery(userId, {}, now, db),
    info: overviewQuery(userId, db),
    activity: securityEventsQuery(userId, 20, db),
    totp: factors.totp,
    passkeys: factors.passkeys,
    recoveryCodes: factors.recoveryCodes,
  };
});

export async function securityPageData(user: { id: string; role: Role }, currentSessionId: string, now = clock.now()) {
  const r = await securityReads(getDb(), { userId: user.id, now: now.toISOString() });
  return {
    sessions: sessionsFrom(r.sessions, user.role, currentSessionId, now),
    history: loginHistoryFrom(r.history),
    info: overviewFrom(r.info),
    activity: securityEventsFrom(r.activity),
    twoStep: twoFactorViewFrom({ totp: r.totp, passkeys: r.passkeys, recoveryCodes: r.recoveryCodes }),
  };
}

/** /account/communications: the preference center's view (null unless the account is active). */
const communicationsReads = preparedTogether(['userId'], (db, { userId }) => preferencesQueries(db, userId));

export async function communicationsPageData(userId: string) {
  return preferencesViewFrom(await communicationsReads(getDb(), { userId }));
}
