CREATE TABLE "ticketing_check_ins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ticket_id" uuid NOT NULL,
	"event_id" integer NOT NULL,
	"occurrence_id" integer,
	"checked_in_by" uuid NOT NULL,
	"checked_in_at" timestamp with time zone DEFAULT now() NOT NULL,
	"undone_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ticketing_order_lines" (
	"order_id" uuid NOT NULL,
	"ticket_type_id" integer NOT NULL,
	"name" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_minor" integer NOT NULL,
	CONSTRAINT "ticketing_order_lines_order_id_ticket_type_id_pk" PRIMARY KEY("order_id","ticket_type_id")
);
--> statement-breakpoint
CREATE TABLE "ticketing_orders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"user_id" uuid NOT NULL,
	"event_id" integer NOT NULL,
	"reservation_id" uuid NOT NULL,
	"status" text NOT NULL,
	"payment_method" text NOT NULL,
	"attendees" jsonb NOT NULL,
	"event_starts_at" timestamp with time zone,
	"event_ends_at" timestamp with time zone,
	"total_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"payment_due_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancelled_by" uuid,
	"cancel_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticketing_orders_number_unique" UNIQUE("number"),
	CONSTRAINT "ticketing_orders_reservationId_unique" UNIQUE("reservation_id")
);
--> statement-breakpoint
CREATE TABLE "ticketing_refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"amount_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticketing_refunds_orderId_unique" UNIQUE("order_id")
);
--> statement-breakpoint
CREATE TABLE "ticketing_reservation_items" (
	"reservation_id" uuid NOT NULL,
	"ticket_type_id" integer NOT NULL,
	"name" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price_minor" integer NOT NULL,
	"currency" text NOT NULL,
	CONSTRAINT "ticketing_reservation_items_reservation_id_ticket_type_id_pk" PRIMARY KEY("reservation_id","ticket_type_id")
);
--> statement-breakpoint
CREATE TABLE "ticketing_reservations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"event_id" integer NOT NULL,
	"status" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"waitlist_entry_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticketing_tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"order_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"event_id" integer NOT NULL,
	"ticket_type_id" integer NOT NULL,
	"attendee_name" text NOT NULL,
	"attendee_email" text NOT NULL,
	"code" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticketing_tickets_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "ticketing_waitlist_entries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"position" bigserial NOT NULL,
	"event_id" integer NOT NULL,
	"ticket_type_id" integer NOT NULL,
	"user_id" uuid NOT NULL,
	"quantity" integer NOT NULL,
	"status" text NOT NULL,
	"reservation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"user_id" uuid NOT NULL,
	"key" text NOT NULL,
	"request_hash" text NOT NULL,
	"state" text NOT NULL,
	"response_status" integer,
	"response_body" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_user_id_key_pk" PRIMARY KEY("user_id","key")
);
--> statement-breakpoint
ALTER TABLE "ticketing_check_ins" ADD CONSTRAINT "ticketing_check_ins_ticket_id_ticketing_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticketing_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticketing_order_lines" ADD CONSTRAINT "ticketing_order_lines_order_id_ticketing_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."ticketing_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticketing_orders" ADD CONSTRAINT "ticketing_orders_reservation_id_ticketing_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."ticketing_reservations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticketing_refunds" ADD CONSTRAINT "ticketing_refunds_order_id_ticketing_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."ticketing_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticketing_reservation_items" ADD CONSTRAINT "ticketing_reservation_items_reservation_id_ticketing_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."ticketing_reservations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticketing_tickets" ADD CONSTRAINT "ticketing_tickets_order_id_ticketing_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."ticketing_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ticketing_check_ins_once_idx" ON "ticketing_check_ins" USING btree ("ticket_id",coalesce("occurrence_id", 0)) WHERE undone_at IS NULL;--> statement-breakpoint
CREATE INDEX "ticketing_check_ins_event_idx" ON "ticketing_check_ins" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "ticketing_orders_user_idx" ON "ticketing_orders" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "ticketing_orders_event_idx" ON "ticketing_orders" USING btree ("event_id","created_at");--> statement-breakpoint
CREATE INDEX "ticketing_reservation_items_type_idx" ON "ticketing_reservation_items" USING btree ("ticket_type_id");--> statement-breakpoint
CREATE INDEX "ticketing_reservations_user_event_idx" ON "ticketing_reservations" USING btree ("user_id","event_id");--> statement-breakpoint
CREATE INDEX "ticketing_reservations_active_expiry_idx" ON "ticketing_reservations" USING btree ("expires_at") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "ticketing_tickets_order_idx" ON "ticketing_tickets" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "ticketing_tickets_user_idx" ON "ticketing_tickets" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "ticketing_tickets_event_idx" ON "ticketing_tickets" USING btree ("event_id","ticket_type_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ticketing_waitlist_one_per_user_idx" ON "ticketing_waitlist_entries" USING btree ("ticket_type_id","user_id") WHERE status IN ('waiting', 'offered');--> statement-breakpoint
CREATE INDEX "ticketing_waitlist_queue_idx" ON "ticketing_waitlist_entries" USING btree ("ticket_type_id","position") WHERE status = 'waiting';