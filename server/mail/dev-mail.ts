import 'server-only';
import { desc } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { outbox } from '@/db/schema';

/** The newest messages of the outbox, for the development mail viewer (/dev/mail; open only as server/mail/transport.ts allows). */
export const recentOutbox = (db: DbOrTx, limit = 100) => db.select().from(outbox).orderBy(desc(outbox.id)).limit(limit);
