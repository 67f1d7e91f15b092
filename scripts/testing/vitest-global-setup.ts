import { ensureTestCluster, prepareTemplate } from './cluster';

/** Once per vitest run: the Postgres server and a migrated template database. */
export default async function setup() {
  const { adminUrl, embedded } = await ensureTestCluster();
  if (!process.env.TEST_TEMPLATE_READY) await prepareTemplate(adminUrl);
  process.env.TEST_ADMIN_URL = adminUrl;
  return async () => {
    await embedded?.stop();
  };
}
