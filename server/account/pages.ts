import 'server-only';
import { getDb } from '@/db/client';
import { readTogether } from '@/db/read-together';
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
 * What each signed-in customer page shows, read in ONE statement (db/read-together.ts):
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
export async function accountPageData(userId: string) {
  const db = getDb();
  const r = await readTogether(db, {
    info: overviewQuery(userId, db),
    profile: profileQuery(userId, db),
    changes: changesQuery(userId, 5, db),
    disputed: disputedQuery(userId, db),
    access: accessLog(db, userId, 50),
  });
  return { info: overviewFrom(r.info), profile: await profileOf(r.profile, userId), changes: r.changes, disputed: disputedSet(r.disputed), access: r.access };
}

/** /account/profile: the profile, the overview (contact details), the last 20 changes, disputed items. */
export async function profilePageData(userId: string) {
  const db = getDb();
  const r = await readTogether(db, { profile: profileQuery(userId, db), info: overviewQuery(userId, db), changes: changesQuery(userId, 20, db), disputed: disputedQuery(userId, db) });
  return { profile: await profileOf(r.profile, userId), info: overviewFrom(r.info), changes: r.changes, disputed: disputedSet(r.disputed) };
}

/** /account/security: live sessions, sign-in history (first page), the overview, account activity, two-step sign-in. */
export async function securityPageData(user: { id: string; role: Role }, currentSessionId: string, now = clock.now()) {
  const db = getDb();
  const factors = twoFactorQueries(db, user.id);
  const r = await readTogether(db, {
    sessions: sessionsQuery(user.id, now, db),
    history: loginHistoryQuery(user.id, {}, now, db),
    info: overviewQuery(user.id, db),
    activity: securityEventsQuery(user.id, 20, db),
    totp: factors.totp,
    passkeys: factors.passkeys,
    recoveryCodes: factors.recoveryCodes,
  });
  return {
    sessions: sessionsFrom(r.sessions, user.role, currentSessionId, now),
    history: loginHistoryFrom(r.history),
    info: overviewFrom(r.info),
    activity: securityEventsFrom(r.activity),
    twoStep: twoFactorViewFrom({ totp: r.totp, passkeys: r.passkeys, recoveryCodes: r.recoveryCodes }),
  };
}

/** /account/communications: the preference center's view (null unless the account is active). */
export async function communicationsPageData(userId: string) {
  const db = getDb();
  return preferencesViewFrom(await readTogether(db, preferencesQueries(db, userId)));
}
