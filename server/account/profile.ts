import 'server-only';
import { and, desc, eq } from 'drizzle-orm';
import { getDb, type DbOrTx, type Tx } from '@/db/client';
import { profileChanges, profiles } from '@/db/schema';
import { PROFILE_FIELD_NAMES, type ProfileField, type ProfileValues } from '@/lib/validation/profile';
import { clock } from '../clock';
import type { Bindable } from '@/db/prepared';

export type Profile = typeof profiles.$inferSelect;
export type ProfileData = Pick<Profile, ProfileField>;

/** The customer's profile row, created empty on first use. */
export const profileQuery = (userId: Bindable<string>, db: DbOrTx = getDb()) => db.select().from(profiles).where(eq(profiles.userId, userId));

export async function getProfile(userId: string, db: DbOrTx = getDb()): Promise<Profile> {
  const [row] = await profileQuery(userId, db);
  if (row) return row;
  await db.insert(profiles).values({ userId }).onConflictDoNothing();
  const [created] = await db.select().from(profiles).where(eq(profiles.userId, userId));
  return created!;
}

export const pickFields = (p: Profile): ProfileData => Object.fromEntries(PROFILE_FIELD_NAMES.map((f) => [f, p[f]])) as ProfileData;

export function completeness(p: ProfileData) {
  const missing = PROFILE_FIELD_NAMES.filter((f) => p[f] === null || p[f] === '');
  return { filled: PROFILE_FIELD_NAMES.length - missing.length, total: PROFILE_FIELD_NAMES.length, missing };
}

export type SaveOutcome =
  | { status: 'saved'; profile: Profile; changed: ProfileField[] }
  | { status: 'unchanged'; profile: Profile }
  | { status: 'conflict'; current: Profile };

type Actor = { actor: 'customer' } | { actor: 'staff'; reportId: number };

/** The profile row locked for a change (created empty first if need be). */
export async function lockProfile(tx: Tx, userId: string): Promise<Profile> {
  await getProfile(userId, tx);
  const [current] = await tx.select().from(profiles).where(eq(profiles.userId, userId)).for('update');
  if (!current) throw new Error('profile row vanished');
  return current;
}

/**
 * Applies a set of field values if the row is still at `version`. Only changed
 * fields are written and recorded in history (field, kind, who, when: never the
 * value). A stale version changes nothing and returns the current row. The
 * customer's own save and a staff correction (an approved report) both write through here.
 */
export async function updateProfile(
  tx: Tx,
  userId: string,
  version: number,
  values: Partial<Record<ProfileField, string | null | undefined>>,
  by: Actor = { actor: 'customer' },
  now = clock.now(),
): Promise<SaveOutcome> {
  const current = await lockProfile(tx, userId);
  if (current.version !== version) return { status: 'conflict', current };
  const changed = (Object.keys(values) as ProfileField[]).filter((f) => PROFILE_FIELD_NAMES.includes(f) && (values[f] ?? null) !== current[f]);
  if (changed.length === 0) return { status: 'unchanged', profile: current };
  const patch = Object.fromEntries(changed.map((f) => [f, values[f] ?? null]));
  const [saved] = await tx
    .update(profiles)
    .set({ ...patch, version: current.version + 1, updatedAt: now })
    .where(and(eq(profiles.userId, userId), eq(profiles.version, version)))
    .returning();
  await tx.insert(profileChanges).values(
    changed.map((field) => ({
      userId,
      field,
      kind: values[field] == null ? ('removed' as const) : current[field] == null ? ('set' as const) : ('changed' as const),
      actor: by.actor,
      reportId: by.actor === 'staff' ? by.reportId : null,
      changedAt: now,
    })),
  );
  return { status: 'saved', profile: saved!, changed };
}

/** Saves the whole profile form: fields left empty become NULL. */
export function saveProfile(tx: Tx, userId: string, input: ProfileValues, now = clock.now()) {
  const { version, ...fields } = input;
  const values = Object.fromEntries(PROFILE_FIELD_NAMES.map((f) => [f, fields[f] ?? null]));
  return updateProfile(tx, userId, version, values, { actor: 'customer' }, now);
}

/** Records a change to an identity field (email, mobile, PIN) in the same history. */
export async function recordChange(db: DbOrTx, userId: string, field: string, kind: 'set' | 'changed' | 'removed', now = clock.now()) {
  await db.insert(profileChanges).values({ userId, field, kind, actor: 'customer', changedAt: now });
}

export const changesQuery = (userId: Bindable<string>, limit = 20, db: DbOrTx = getDb()) =>
  db
    .select({ id: profileChanges.id, field: profileChanges.field, kind: profileChanges.kind, actor: profileChanges.actor, reportId: profileChanges.reportId, changedAt: profileChanges.changedAt })
    .from(profileChanges)
    .where(eq(profileChanges.userId, userId))
    .orderBy(desc(profileChanges.changedAt), desc(profileChanges.id))
    .limit(limit);

export async function recentChanges(userId: string, limit = 20) {
  return changesQuery(userId, limit);
}
