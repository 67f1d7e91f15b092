/** server/auth/second-step.ts as app/(auth)/actions.ts runs it: the passkey options each in one transaction (see README.md). */
import { getDb } from '@/db/client';
import * as secondStep from '@/server/auth/second-step';

type Tail<T extends unknown[]> = T extends [unknown, ...infer R] ? R : never;

export * from '@/server/auth/second-step';
export const secondStepPasskeyOptions = (...args: Tail<Parameters<typeof secondStep.secondStepPasskeyOptions>>) => getDb().transaction((tx) => secondStep.secondStepPasskeyOptions(tx, ...args));
export const startPasskeySignIn = (...args: Tail<Parameters<typeof secondStep.startPasskeySignIn>>) => getDb().transaction((tx) => secondStep.startPasskeySignIn(tx, ...args));
