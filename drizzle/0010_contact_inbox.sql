CREATE TYPE "public"."contact_topic" AS ENUM('data_question', 'data_correction', 'data_deletion', 'stop_emails', 'other');--> statement-breakpoint
CREATE TYPE "public"."conversation_author" AS ENUM('customer', 'visitor', 'staff');--> statement-breakpoint
CREATE TYPE "public"."conversation_event_kind" AS ENUM('message', 'reply', 'note', 'status', 'assignment', 'help');--> statement-breakpoint
CREATE TYPE "public"."conversation_status" AS ENUM('unverified', 'open', 'answered', 'closed');--> statement-breakpoint
CREATE TABLE "conversation_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"conversation_id" integer NOT NULL,
	"kind" "conversation_event_kind" NOT NULL,
	"author" "conversation_author" NOT NULL,
	"actor_user_id" uuid,
	"actor_role" "user_role",
	"status" "conversation_status",
	"body" text,
	"internal" boolean DEFAULT false NOT NULL,
	"report_id" integer,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"topic" "contact_topic" NOT NULL,
	"reply_to" text NOT NULL,
	"reply_to_normalized" text NOT NULL,
	"status" "conversation_status" DEFAULT 'unverified' NOT NULL,
	"verified_at" timestamp with time zone,
	"due_at" timestamp with time zone,
	"claimed_by" uuid,
	"claimed_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"closed_by" "conversation_author",
	"report_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_activity_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "conversation_id" integer;--> statement-breakpoint
ALTER TABLE "conversation_events" ADD CONSTRAINT "conversation_events_conversation_id_conversations_id_fk" FOREIGN KEY ("conversation_id") REFERENCES "public"."conversations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_events" ADD CONSTRAINT "conversation_events_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversation_events" ADD CONSTRAINT "conversation_events_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_claimed_by_users_id_fk" FOREIGN KEY ("claimed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "conversations" ADD CONSTRAINT "conversations_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "conversation_events_conversation_idx" ON "conversation_events" USING btree ("conversation_id","id");--> statement-breakpoint
CREATE INDEX "conversations_active_queue_idx" ON "conversations" USING btree ("due_at","id") WHERE status in ('open', 'answered');--> statement-breakpoint
CREATE INDEX "conversations_status_due_idx" ON "conversations" USING btree ("status","due_at","id");--> statement-breakpoint
CREATE INDEX "conversations_topic_due_idx" ON "conversations" USING btree ("topic","due_at","id");--> statement-breakpoint
CREATE INDEX "conversations_claimed_idx" ON "conversations" USING btree ("claimed_by","due_at","id");--> statement-breakpoint
CREATE INDEX "conversations_user_idx" ON "conversations" USING btree ("user_id","last_activity_at");--> statement-breakpoint
CREATE INDEX "conversations_reply_to_idx" ON "conversations" USING btree ("reply_to_normalized");--> statement-breakpoint
CREATE INDEX "conversations_unverified_idx" ON "conversations" USING btree ("created_at") WHERE status = 'unverified';