/** server/auth/recovery.ts as app/(auth)/actions.ts runs it: each request and reset in one transaction (see README.md). */
import * as recovery from '@/server/auth/recovery';
import { inTransaction } from '../../kit/use-case';

export * from '@/server/auth/recovery';
export const requestReset = inTransaction(recovery.requestReset);
export const completeReset = inTransaction(recovery.completeReset);
