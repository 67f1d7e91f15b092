/** server/consent/double-opt-in.ts as app/(email-links)/actions.ts runs it: the link's confirmation in one transaction (see README.md). */
import * as doubleOptIn from '@/server/consent/double-opt-in';
import { inTransaction } from '../../kit/use-case';

export * from '@/server/consent/double-opt-in';
export const confirmSubscription = inTransaction(doubleOptIn.confirmSubscription);
