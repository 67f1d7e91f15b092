import postgres from 'postgres';

/*
 * The two database roles (docs/decisions/020). Migrations run as the owner of
 * the schema; the app connects as APP_ROLE, which migration 0008 creates (when
 * the owner may) and grants row access to: it owns nothing, so it cannot drop,
 * truncate or alter a table, disable a trigger, or rewrite audit_log.
 */
export const APP_ROLE = 'account_center_app';

/** `url` with its user and password replaced. */
export function asRole(url: string, role: string, password: string) {
  const u = new URL(url);
  u.username = encodeURIComponent(role);
  u.password = encodeURIComponent(password);
  return u.toString();
}

const connect = (url: string) => postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });

async function canSignIn(url: string) {
  const sql = connect(url);
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/**
 * Lets APP_ROLE sign in with `password` (embedded Postgres and tests, where we
 * hold the superuser; an operator sets it once with ALTER ROLE). Roles are
 * cluster-wide and several processes may get here at once: nothing is changed
 * when the password already works, and a concurrent ALTER ROLE is retried.
 * Returns the app's URL for the owner URL's database.
 */
export async function ensureAppRoleLogin(ownerUrl: string, password: string): Promise<string> {
  const appUrl = asRole(ownerUrl, APP_ROLE, password);
  if (await canSignIn(appUrl)) return appUrl;
  const sql = connect(ownerUrl);
  try {
    for (let attempt = 1; ; attempt++) {
      try {
        // format() quotes the password as a literal; ALTER ROLE takes no bind parameters.
        const [row] = await sql`select format('alter role %I login password %L', ${APP_ROLE}::text, ${password}::text) as stmt`;
        await sql.unsafe(row!.stmt as string);
        return appUrl;
      } catch (e) {
        if (attempt >= 5 || !/tuple concurrently updated/.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 100 * attempt));
      }
    }
  } finally {
    await sql.end();
  }
}

export interface ConnectionRole {
  role: string;
  /** The connection is APP_ROLE itself. */
  isAppRole: boolean;
  /** A superuser, or a member of audit_log's owner: it could drop the table or disable its trigger. */
  ownsAuditLog: boolean;
}

/** Who `url` signs in as, and whether that role could undo the audit log's protection. */
export async function connectionRole(url: string): Promise<ConnectionRole> {
  const sql = connect(url);
  try {
    const [row] = await sql`
      select current_user as role, current_user = ${APP_ROLE} as is_app_role,
        coalesce((select r.rolsuper from pg_roles r where r.rolname = current_user), false)
        or coalesce((select pg_has_role(current_user, c.relowner, 'USAGE') from pg_class c where c.oid = to_regclass('public.audit_log')), false) as owns_audit_log`;
    return { role: row!.role as string, isAppRole: row!.is_app_role as boolean, ownsAuditLog: row!.owns_audit_log as boolean };
  } finally {
    await sql.end();
  }
}

/** How many drizzle migrations `url`'s database has applied (APP_ROLE may read the count; migration 0008). */
export async function appliedMigrations(url: string): Promise<number> {
  const sql = connect(url);
  try {
    const [row] = await sql`select count(*)::int as n from drizzle.__drizzle_migrations`;
    return row!.n as number;
  } catch {
    return 0;
  } finally {
    await sql.end();
  }
}
