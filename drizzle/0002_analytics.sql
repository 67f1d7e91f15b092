CREATE TYPE "public"."analytics_domain_type" AS ENUM('com', 'org', 'net', 'edu', 'gov', 'country', 'other', 'local', 'internal', 'unknown', 'none');--> statement-breakpoint
CREATE TYPE "public"."analytics_viewport" AS ENUM('phone', 'tablet', 'desktop');--> statement-breakpoint
CREATE TABLE "analytics_daily" (
	"day" date NOT NULL,
	"route" text NOT NULL,
	"referrer_type" "analytics_domain_type" NOT NULL,
	"visitor_type" "analytics_domain_type" NOT NULL,
	"viewport" "analytics_viewport" NOT NULL,
	"views" integer NOT NULL,
	"total_time_ms" bigint NOT NULL,
	"time_histogram" integer[] NOT NULL,
	CONSTRAINT "analytics_daily_day_route_referrer_type_visitor_type_viewport_pk" PRIMARY KEY("day","route","referrer_type","visitor_type","viewport")
);
--> statement-breakpoint
CREATE TABLE "analytics_daily_referrers" (
	"day" date NOT NULL,
	"referrer_host" text NOT NULL,
	"views" integer NOT NULL,
	CONSTRAINT "analytics_daily_referrers_day_referrer_host_pk" PRIMARY KEY("day","referrer_host")
);
--> statement-breakpoint
CREATE TABLE "analytics_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"route" text NOT NULL,
	"time_on_page_ms" integer NOT NULL,
	"referrer_host" text,
	"referrer_type" "analytics_domain_type" NOT NULL,
	"visitor_type" "analytics_domain_type" NOT NULL,
	"viewport" "analytics_viewport" NOT NULL,
	"rolled_up_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "analytics_events_pending_idx" ON "analytics_events" USING btree ("id") WHERE "analytics_events"."rolled_up_at" is null;--> statement-breakpoint
CREATE INDEX "analytics_events_occurred_idx" ON "analytics_events" USING btree ("occurred_at");