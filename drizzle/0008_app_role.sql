-- Custom SQL migration file, put your code below! --
-- The app connects as `account_center_app`, a role that owns nothing: it may
-- read and write the app's rows, and only append to audit_log. Migrations run
-- as the owner of the schema (DATABASE_OWNER_URL; the superuser `postgres` on
-- the embedded Postgres and in tests), so only the owner can drop, truncate or
-- alter audit_log or disable its trigger (docs/decisions/020).
--
-- Roles are cluster-wide: every database migrated on one cluster (each test
-- database, a staging copy) shares this role. Creating it is idempotent and
-- safe when several migrations run at once; an owner that may not create
-- roles (no CREATEROLE) needs the operator to create it first (README).
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'account_center_app') THEN
    BEGIN
      CREATE ROLE account_center_app NOLOGIN;
    EXCEPTION
      -- Another migration on this cluster created it between the check and here.
      WHEN duplicate_object OR unique_violation THEN NULL;
      WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'role account_center_app does not exist and % may not create it: create it first (README, "A real Postgres")', current_user;
    END;
  END IF;
END
$$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO account_center_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO account_center_app;--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO account_center_app;--> statement-breakpoint
-- Tables and sequences later migrations create (as the owner running them) get the same grants.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO account_center_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO account_center_app;--> statement-breakpoint
-- Append-only for the app: read and insert, nothing else. The trigger (migration 0004) still refuses the owner.
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "audit_log" FROM account_center_app;--> statement-breakpoint
-- `npm start` without DATABASE_OWNER_URL checks, as the app, that every migration has been applied.
GRANT USAGE ON SCHEMA drizzle TO account_center_app;--> statement-breakpoint
GRANT SELECT ON drizzle.__drizzle_migrations TO account_center_app;--> statement-breakpoint
-- The purge's redaction (server/privacy/purge.ts) was allowed by a setting any session could set
-- (app.purge_user). Now the trigger lets an UPDATE through only inside audit_log_redact_for_purge,
-- which runs as the owner (SECURITY DEFINER), blanks reasons only, and only for an account scheduled
-- for deletion. The app role has no UPDATE on audit_log, so setting the flag itself does nothing.
CREATE OR REPLACE FUNCTION "audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD."subject_user_id" IS NOT NULL
     AND OLD."subject_user_id"::text = current_setting('account_center.audit_redaction', true)
     AND NEW."reason" IS NULL
     AND (NEW."id", NEW."actor_user_id", NEW."actor_role", NEW."action", NEW."subject_user_id", NEW."report_id", NEW."at")
         IS NOT DISTINCT FROM (OLD."id", OLD."actor_user_id", OLD."actor_role", OLD."action", OLD."subject_user_id", OLD."report_id", OLD."at")
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;--> statement-breakpoint
CREATE OR REPLACE FUNCTION "audit_log_redact_for_purge"(p_user uuid) RETURNS integer
  LANGUAGE plpgsql SECURITY DEFINER
  -- A definer function must not resolve names through a schema its caller controls.
  SET search_path = pg_catalog, public, pg_temp
AS $$
DECLARE
  n integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM public.users WHERE id = p_user AND status = 'scheduled_for_deletion') THEN
    RAISE EXCEPTION 'audit_log redaction refused: the account is not being purged' USING ERRCODE = 'insufficient_privilege';
  END IF;
  PERFORM pg_catalog.set_config('account_center.audit_redaction', p_user::text, true);
  UPDATE public.audit_log SET reason = NULL WHERE subject_user_id = p_user AND reason IS NOT NULL;
  GET DIAGNOSTICS n = ROW_COUNT;
  PERFORM pg_catalog.set_config('account_center.audit_redaction', '', true);
  RETURN n;
END
$$;--> statement-breakpoint
REVOKE ALL ON FUNCTION "audit_log_redact_for_purge"(uuid) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION "audit_log_redact_for_purge"(uuid) TO account_center_app;
