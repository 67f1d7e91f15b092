import 'server-only';

/*
 * The database handle as app/ gets it: pages and route handlers pass it to
 * server/ functions, which take the handle first so one use case can compose
 * others in one transaction. app/ never imports db/ itself (lint enforces it):
 * the schema, queries and connections stay behind server/.
 */
export { getDb, type DbOrTx, type Tx } from '@/db/client';
export { trackWrite } from '@/db/pending-writes';
