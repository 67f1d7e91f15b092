import postgres from 'postgres';

/*
 * The test database as its owner (the admin role that migrated the template),
 * for the few things a test needs and the app's own role may not do: emptying
 * a table with TRUNCATE, creating a table, proving what the owner still meets.
 * Closed by vitest-setup.ts after each file.
 */
const g = globalThis as unknown as { __ownerSql?: postgres.Sql };

export function ownerSql(): postgres.Sql {
  return (g.__ownerSql ??= postgres(process.env.DATABASE_OWNER_URL!, { max: 1, onnotice: () => {} }));
}

export async function closeOwnerSql() {
  await g.__ownerSql?.end();
  g.__ownerSql = undefined;
}
