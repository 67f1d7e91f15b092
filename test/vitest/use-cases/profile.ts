/** server/account/profile.ts's writes, each in a transaction of its own as app/(account)/account/profile/actions.ts runs them (see README.md). */
import { getDb } from '@/db/client';
import * as profile from '@/server/account/profile';

type Tail<T extends unknown[]> = T extends [unknown, ...infer R] ? R : never;

export * from '@/server/account/profile';
export const updateProfile = (...args: Tail<Parameters<typeof profile.updateProfile>>) => getDb().transaction((tx) => profile.updateProfile(tx, ...args));
export const saveProfile = (...args: Tail<Parameters<typeof profile.saveProfile>>) => getDb().transaction((tx) => profile.saveProfile(tx, ...args));
