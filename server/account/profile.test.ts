import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/db/client';
import { profileChanges, profiles, users } from '@/db/schema';
import { PROFILE_FIELD_NAMES, profileSchema, type ProfileField } from '@/lib/validation/profile';
import { completeness, getProfile, pickFields, recentChanges, recordChange, saveProfile, updateProfile } from '@/test/vitest/use-cases/profile';
import { uid } from '@/test/kit/ids';

const MIN = 60_000;
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const T0 = new Date('2030-03-01T09:00:00Z');

async function newUser() {
  const username = `prof${uid()}`;
  const [row] = await getDb()
    .insert(users)
    .values({ username, email: `${username}@example.test`, emailNormalized: `${username}@example.test`, passwordHash: 'unused' })
    .returning({ id: users.id });
  return row!.id;
}

const historyOf = (userId: string) => getDb().select().from(profileChanges).where(eq(profileChanges.userId, userId)).orderBy(profileChanges.id);
async function rowOf(userId: string) {
  const [row] = await getDb().select().from(profiles).where(eq(profiles.userId, userId));
  return row!;
}
/** The raw row as Postgres has it, to see NULLs rather than what the ORM maps. */
async function rawRow(userId: string) {
  const rows = await getDb().execute(sql`select * from profiles where user_id = ${userId}`);
  return rows[0] as Record<string, unknown>;
}

/** A whole form, as the action passes it after parsing. */
const form = (version: number, fields: Partial<Record<ProfileField, string>>) => profileSchema(T0).parse({ fullName: 'Ada Lovelace', ...fields, version });

/** Counts every row in every table of the app's schema whose text contains `needle`. */
async function copiesAnywhere(needle: string) {
  const tables = (await getDb().execute(sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`)) as unknown as { table_name: string }[];
  const found: string[] = [];
  for (const { table_name } of tables) {
    const [row] = (await getDb().execute(sql`select count(*)::int as n from ${sql.identifier(table_name)} t where t::text like ${`%${needle}%`}`)) as unknown as { n: number }[];
    if (row!.n > 0) found.push(`${table_name} (${row!.n})`);
  }
  return found;
}

describe('getProfile', () => {
  it('creates an empty profile at version 1 on first use, once', async () => {
    const userId = await newUser();
    const [first, second] = await Promise.all([getProfile(userId), getProfile(userId)]);
    expect(first).toEqual(second);
    expect(first.version).toBe(1);
    for (const f of PROFILE_FIELD_NAMES) expect(first[f]).toBeNull();
    const rows = (await getDb().execute(sql`select count(*)::int as n from profiles where user_id = ${userId}`)) as unknown as { n: number }[];
    expect(rows[0]!.n).toBe(1);
  });
});

describe('completeness', () => {
  it('counts filled fields and lists the missing ones in form order', async () => {
    const userId = await newUser();
    const empty = pickFields(await getProfile(userId));
    expect(completeness(empty)).toEqual({ filled: 0, total: 12, missing: PROFILE_FIELD_NAMES });
    const saved = await updateProfile(userId, 1, { fullName: 'Ada', country: 'GB', timeZone: 'Europe/London' }, undefined, T0);
    expect(saved.status).toBe('saved');
    const c = completeness(pickFields((saved as { profile: Parameters<typeof pickFields>[0] }).profile));
    expect(c.filled).toBe(3);
    expect(c.missing).toEqual(PROFILE_FIELD_NAMES.filter((f) => !['fullName', 'country', 'timeZone'].includes(f)));
  });
});

describe('updateProfile', () => {
  it('an unchanged form writes nothing: same version, same updatedAt, no history', async () => {
    const userId = await newUser();
    await saveProfile(userId, form(1, { city: 'London', company: 'Engines' }), T0);
    const before = await rowOf(userId);
    const historyBefore = await historyOf(userId);
    expect(before.version).toBe(2);

    const again = await saveProfile(userId, form(2, { city: 'London', company: 'Engines' }), at(T0, MIN));
    expect(again.status).toBe('unchanged');
    // Surrounding whitespace and case that normalise to the stored value are not changes either.
    const normalised = await saveProfile(userId, profileSchema(T0).parse({ fullName: '  Ada Lovelace ', city: ' London', company: 'Engines  ', version: 2 }), at(T0, 2 * MIN));
    expect(normalised.status).toBe('unchanged');

    expect(await rowOf(userId)).toEqual(before);
    expect(await historyOf(userId)).toEqual(historyBefore);
  });

  it('records only the fields that changed, each with its kind, who and when', async () => {
    const userId = await newUser();
    await saveProfile(userId, form(1, { preferredName: 'Ada', city: 'London', company: 'Engines', country: 'GB' }), T0);
    const t1 = at(T0, 5 * MIN);
    // preferredName changed, city unchanged, company removed (left empty), postalCode set, country unchanged.
    const outcome = await saveProfile(userId, form(2, { preferredName: 'Countess', city: 'London', postalCode: 'sw1a 1aa', country: 'GB' }), t1);
    expect(outcome.status).toBe('saved');
    if (outcome.status !== 'saved') return;
    expect(outcome.changed.sort()).toEqual(['company', 'postalCode', 'preferredName']);
    expect(outcome.profile).toMatchObject({ preferredName: 'Countess', city: 'London', company: null, postalCode: 'SW1A 1AA', country: 'GB', version: 3, updatedAt: t1 });

    const history = await historyOf(userId);
    expect(history.slice(0, 5).map((h) => [h.field, h.kind]).sort()).toEqual([
      ['city', 'set'],
      ['company', 'set'],
      ['country', 'set'],
      ['fullName', 'set'],
      ['preferredName', 'set'],
    ]);
    const latest = history.slice(5).map(({ field, kind, actor, reportId, changedAt }) => ({ field, kind, actor, reportId, changedAt }));
    expect(latest.sort((a, b) => a.field.localeCompare(b.field))).toEqual([
      { field: 'company', kind: 'removed', actor: 'customer', reportId: null, changedAt: t1 },
      { field: 'postalCode', kind: 'set', actor: 'customer', reportId: null, changedAt: t1 },
      { field: 'preferredName', kind: 'changed', actor: 'customer', reportId: null, changedAt: t1 },
    ]);
  });

  it('never stores a value in the history, in any column', async () => {
    const userId = await newUser();
    const marker = `mk${uid()}`;
    const values = { preferredName: `${marker}-pn`, company: `${marker}-co`, addressLine1: `${marker}-a1`, dateOfBirth: '1977-07-17' };
    await saveProfile(userId, form(1, values), T0);
    await saveProfile(userId, form(2, { preferredName: `${marker}-pn2`, addressLine1: `${marker}-a1` }), at(T0, MIN));
    const rows = await getDb().execute(sql`select row_to_json(pc)::text as json from profile_changes pc where user_id = ${userId}`);
    expect(rows.length).toBe(8); // 5 set, then preferredName changed, company and dateOfBirth removed
    for (const { json } of rows as unknown as { json: string }[]) {
      expect(json).not.toContain(marker);
      expect(json).not.toContain('1977');
      expect(json).not.toContain('Ada');
    }
    expect(Object.keys(JSON.parse((rows[0] as { json: string }).json)).sort()).toEqual(['actor', 'changed_at', 'field', 'id', 'kind', 'report_id', 'user_id']);
  });

  it('a stale version is a conflict: the current values come back and nothing is written', async () => {
    const userId = await newUser();
    await saveProfile(userId, form(1, { city: 'London' }), T0); // tab 1 saves: version 2
    const before = await rowOf(userId);
    const historyBefore = await historyOf(userId);

    const stale = await saveProfile(userId, form(1, { city: 'Paris', company: 'Other' }), at(T0, MIN)); // tab 2 still at version 1
    expect(stale.status).toBe('conflict');
    if (stale.status !== 'conflict') return;
    expect(stale.current).toEqual(before);
    expect(stale.current.city).toBe('London');

    // A version from the future is no better.
    expect((await updateProfile(userId, 99, { city: 'Rome' }, undefined, at(T0, MIN))).status).toBe('conflict');

    expect(await rowOf(userId)).toEqual(before);
    expect(await historyOf(userId)).toEqual(historyBefore);
  });

  it('an unchanged form at a stale version is still a conflict (the tab is out of date)', async () => {
    const userId = await newUser();
    await saveProfile(userId, form(1, { city: 'London' }), T0);
    await saveProfile(userId, form(2, { city: 'Leeds' }), T0);
    expect((await saveProfile(userId, form(2, { city: 'Leeds' }), T0)).status).toBe('conflict');
  });

  it('10 concurrent saves at the same version: exactly one is saved, the others conflict', async () => {
    const userId = await newUser();
    await getProfile(userId);
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => saveProfile(userId, form(1, { city: `City ${i}` }), T0)));
    const saved = outcomes.filter((o) => o.status === 'saved');
    expect(saved).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'conflict')).toHaveLength(9);
    const row = await rowOf(userId);
    expect(row.version).toBe(2);
    expect(row.city).toBe((saved[0] as { profile: { city: string } }).profile.city);
    expect((await historyOf(userId)).map((h) => h.field).sort()).toEqual(['city', 'fullName']);
  });

  it('10 concurrent first saves, before the profile row exists: exactly one is saved', async () => {
    const userId = await newUser();
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) => updateProfile(userId, 1, { company: `Co ${i}` }, undefined, T0)));
    expect(outcomes.filter((o) => o.status === 'saved')).toHaveLength(1);
    expect(outcomes.filter((o) => o.status === 'conflict')).toHaveLength(9);
    expect((await rowOf(userId)).version).toBe(2);
    expect(await historyOf(userId)).toHaveLength(1);
  });

  it('removal sets the column to NULL and leaves no copy of the value anywhere in the database', async () => {
    const userId = await newUser();
    const marker = `gone${uid()}`;
    await saveProfile(userId, form(1, { addressLine2: `Flat ${marker}`, dateOfBirth: '1966-06-06' }), T0);
    expect(await copiesAnywhere(marker)).toEqual(['profiles (1)']);

    const removed = await updateProfile(userId, 2, { addressLine2: null }, undefined, at(T0, MIN));
    expect(removed.status).toBe('saved');
    const removedDob = await updateProfile(userId, 3, { dateOfBirth: null }, undefined, at(T0, 2 * MIN));
    expect(removedDob.status).toBe('saved');

    const raw = await rawRow(userId);
    expect(raw.address_line2).toBeNull();
    expect(raw.date_of_birth).toBeNull();
    expect(raw.full_name).toBe('Ada Lovelace');
    const nulls = (await getDb().execute(sql`select count(*)::int as n from profiles where user_id = ${userId} and address_line2 is null and date_of_birth is null`)) as unknown as { n: number }[];
    expect(nulls[0]!.n).toBe(1);
    expect(await copiesAnywhere(marker)).toEqual([]);
    expect(await copiesAnywhere('1966-06-06')).toEqual([]);
    const history = await historyOf(userId);
    expect(history.filter((h) => h.kind === 'removed').map((h) => h.field).sort()).toEqual(['addressLine2', 'dateOfBirth']);
  });

  it('removing a field that is already empty writes nothing', async () => {
    const userId = await newUser();
    await saveProfile(userId, form(1, {}), T0);
    const outcome = await updateProfile(userId, 2, { company: null }, undefined, T0);
    expect(outcome.status).toBe('unchanged');
    expect((await rowOf(userId)).version).toBe(2);
    expect(await historyOf(userId)).toHaveLength(1);
  });

  it('ignores keys that are not profile fields', async () => {
    const userId = await newUser();
    const other = await newUser();
    await getProfile(other);
    const outcome = await updateProfile(userId, 1, { city: 'York', version: '7', userId: other, updatedAt: 'x' } as never, undefined, T0);
    expect(outcome.status).toBe('saved');
    const row = await rowOf(userId);
    expect(row.version).toBe(2);
    expect(row.city).toBe('York');
    expect((await historyOf(userId)).map((h) => h.field)).toEqual(['city']);
    expect((await rowOf(other)).version).toBe(1);
    expect(await historyOf(other)).toEqual([]);
  });

  it("changes only the given customer's row", async () => {
    const a = await newUser();
    const b = await newUser();
    await saveProfile(a, form(1, { city: 'Aberdeen' }), T0);
    await saveProfile(b, form(1, { city: 'Bristol' }), T0);
    const aBefore = await rowOf(a);
    await saveProfile(b, form(2, { city: 'Bath', company: 'B Ltd' }), T0);
    await updateProfile(b, 3, { city: null }, undefined, T0);
    expect(await rowOf(a)).toEqual(aBefore);
    expect(await historyOf(a)).toHaveLength(2);
  });

  it('records staff corrections with the report number', async () => {
    const userId = await newUser();
    await updateProfile(userId, 1, { fullName: 'Ada Lovelace' }, { actor: 'staff', reportId: 42 }, T0);
    const [h] = await historyOf(userId);
    expect(h).toMatchObject({ field: 'fullName', kind: 'set', actor: 'staff', reportId: 42 });
  });
});

describe('saveProfile', () => {
  it('treats fields left out of the form as empty: they become NULL', async () => {
    const userId = await newUser();
    await saveProfile(userId, form(1, { company: 'Engines', city: 'London', timeZone: 'Europe/London', preferredLanguage: 'cy' }), T0);
    const outcome = await saveProfile(userId, form(2, { city: 'London' }), T0);
    expect(outcome.status).toBe('saved');
    const raw = await rawRow(userId);
    expect(raw).toMatchObject({ company: null, time_zone: null, preferred_language: null, city: 'London', version: 3 });
  });

  it('stores HTML and script text verbatim, as text', async () => {
    const userId = await newUser();
    const html = '<img src=x onerror=alert(1)>';
    const script = '<script>alert("x")</script>';
    await saveProfile(userId, form(1, { preferredName: html, company: script }), T0);
    const raw = await rawRow(userId);
    expect(raw.preferred_name).toBe(html);
    expect(raw.company).toBe(script);
  });
});

describe('history helpers', () => {
  it('recentChanges lists newest first, limited, for that customer only, without values', async () => {
    const userId = await newUser();
    const other = await newUser();
    for (let i = 0; i < 7; i++) await recordChange(getDb(), userId, i % 2 ? 'email' : 'mobile', 'changed', at(T0, i * MIN));
    await recordChange(getDb(), other, 'email', 'changed', at(T0, 100 * MIN));
    const recent = await recentChanges(userId, 5);
    expect(recent).toHaveLength(5);
    expect(recent.map((r) => r.changedAt.getTime())).toEqual([6, 5, 4, 3, 2].map((i) => at(T0, i * MIN).getTime()));
    expect(Object.keys(recent[0]!).sort()).toEqual(['actor', 'changedAt', 'field', 'id', 'kind', 'reportId']);
    expect(await recentChanges(userId)).toHaveLength(7);
  });

  it('recentChanges breaks ties in time by insertion order, newest first', async () => {
    const userId = await newUser();
    await updateProfile(userId, 1, { fullName: 'A', city: 'B' }, undefined, T0);
    await recordChange(getDb(), userId, 'email', 'changed', T0);
    const recent = await recentChanges(userId);
    expect(recent[0]!.field).toBe('email');
    expect(recent.map((r) => r.id)).toEqual([...recent.map((r) => r.id)].sort((a, b) => b - a));
  });
});
