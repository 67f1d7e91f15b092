/** server/consent/unsubscribe.ts as the page's form action and the one-click route handler run it: in one transaction (see README.md). */
import * as unsubscribe from '@/server/consent/unsubscribe';
import { inTransaction } from '../../kit/use-case';

export * from '@/server/consent/unsubscribe';
export const unsubscribeWithToken = inTransaction(unsubscribe.unsubscribeWithToken);
