CREATE TYPE "public"."report_event_kind" AS ENUM('status', 'answer', 'note', 'extension', 'assignment', 'recheck');--> statement-breakpoint
CREATE TYPE "public"."report_status" AS ENUM('unverified', 'submitted', 'in_review', 'needs_information', 'corrected', 'rejected', 'withdrawn');--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"actor_user_id" uuid NOT NULL,
	"actor_role" "user_role" NOT NULL,
	"action" text NOT NULL,
	"subject_user_id" uuid,
	"report_id" integer,
	"reason" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "report_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"report_id" integer NOT NULL,
	"kind" "report_event_kind" NOT NULL,
	"status" "report_status",
	"body" text,
	"internal" boolean DEFAULT false NOT NULL,
	"actor_user_id" uuid,
	"actor_role" "user_role",
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"item" text NOT NULL,
	"current_value" text,
	"proposed_value" text NOT NULL,
	"explanation" text NOT NULL,
	"statement" text,
	"status" "report_status" DEFAULT 'unverified' NOT NULL,
	"verified_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"extended" boolean DEFAULT false NOT NULL,
	"extension_reason" text,
	"claimed_by" uuid,
	"claimed_at" timestamp with time zone,
	"profile_version" integer,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "report_events" ADD CONSTRAINT "report_events_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_events" ADD CONSTRAINT "report_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_claimed_by_users_id_fk" FOREIGN KEY ("claimed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_subject_idx" ON "audit_log" USING btree ("subject_user_id","at");--> statement-breakpoint
CREATE INDEX "audit_log_report_idx" ON "audit_log" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_user_id","at");--> statement-breakpoint
CREATE INDEX "report_events_report_idx" ON "report_events" USING btree ("report_id","id");--> statement-breakpoint
CREATE INDEX "reports_open_queue_idx" ON "reports" USING btree ("due_at","id") WHERE status in ('submitted', 'in_review', 'needs_information');--> statement-breakpoint
CREATE INDEX "reports_unassigned_queue_idx" ON "reports" USING btree ("due_at","id") WHERE status in ('submitted', 'in_review', 'needs_information') and claimed_by is null;--> statement-breakpoint
CREATE INDEX "reports_status_due_idx" ON "reports" USING btree ("status","due_at","id");--> statement-breakpoint
CREATE INDEX "reports_due_idx" ON "reports" USING btree ("due_at","id");--> statement-breakpoint
CREATE INDEX "reports_claimed_due_idx" ON "reports" USING btree ("claimed_by","due_at","id");--> statement-breakpoint
CREATE INDEX "reports_user_idx" ON "reports" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "reports_one_open_per_item_key" ON "reports" USING btree ("user_id","item") WHERE status in ('submitted', 'in_review', 'needs_information');