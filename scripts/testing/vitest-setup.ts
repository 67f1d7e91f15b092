import { afterAll } from 'vitest';
import { closeOwnerSql } from './owner-db';
import { recreateDatabase, TEMPLATE_DB, TEST_SECRETS, testDatabaseUrls } from './cluster';

/** Each test file gets its own database cloned from the migrated template. */
const adminUrl = process.env.TEST_ADMIN_URL!;
const name = `test_w${process.env.VITEST_POOL_ID ?? '0'}_${process.pid}`;
await recreateDatabase(adminUrl, name, TEMPLATE_DB);
// Tests use the database as the app does, through its own role; the owner's URL is there for what only an owner may do.
const urls = testDatabaseUrls(adminUrl, name);
process.env.DATABASE_URL = urls.app;
process.env.DATABASE_OWNER_URL = urls.owner;
process.env.AUTH_SECRET = TEST_SECRETS.AUTH_SECRET;
process.env.AUTH_PEPPER = TEST_SECRETS.AUTH_PEPPER;
process.env.LOG_LEVEL = 'silent';

afterAll(async () => {
  const g = globalThis as unknown as { __db?: { $client: { end: () => Promise<void> } } };
  await g.__db?.$client.end();
  g.__db = undefined;
  await closeOwnerSql();
});
