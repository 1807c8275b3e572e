-- The version of each ticket type's availability announcements: every
-- `ticketing.availability.changed` takes the next one under this row's lock
-- and reads the counters only after, so a higher version always carries
-- numbers at least as new (real-time clients drop anything older than what
-- they have).
CREATE TABLE "ticketing_availability_versions" (
	"ticket_type_id" integer PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
-- Who completed a refund, when and how: the organizer marking money given
-- back by hand (offline payments), or the payment provider (by NULL), with
-- the provider's or organizer's reference.
ALTER TABLE "ticketing_refunds" ADD COLUMN "completed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "ticketing_refunds" ADD COLUMN "completed_by" uuid;--> statement-breakpoint
ALTER TABLE "ticketing_refunds" ADD COLUMN "completed_via" text;--> statement-breakpoint
ALTER TABLE "ticketing_refunds" ADD COLUMN "reference" text;
--> statement-breakpoint
-- Why the organizer cancelled an event: shown on the event, passed on in
-- `catalog.event.cancelled`.
ALTER TABLE "events" ADD COLUMN "cancel_reason" text;
