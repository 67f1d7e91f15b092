-- Custom SQL migration file, put your code below! ---- The account purge (issue 5) may blank the free-text reason of audit rows
-- about the account it is purging, and nothing else: the rows themselves stay
-- (who accessed what, when) under the account's now-orphaned id. The purge
-- says which account with SET LOCAL app.purge_user inside its transaction.
CREATE OR REPLACE FUNCTION "audit_log_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND OLD."subject_user_id" IS NOT NULL
     AND OLD."subject_user_id"::text = current_setting('app.purge_user', true)
     AND NEW."reason" IS NULL
     AND (NEW."id", NEW."actor_user_id", NEW."actor_role", NEW."action", NEW."subject_user_id", NEW."report_id", NEW."at")
         IS NOT DISTINCT FROM (OLD."id", OLD."actor_user_id", OLD."actor_role", OLD."action", OLD."subject_user_id", OLD."report_id", OLD."at")
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
