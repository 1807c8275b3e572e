CREATE TABLE "catalog_organizers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_categories" (
	"id" serial PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"icon" text,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalog_categories_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "catalog_event_templates" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"default_duration_minutes" integer DEFAULT 120 NOT NULL,
	"ticket_types" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"owner_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"organizer_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"category" text NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"image" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"visibility" text DEFAULT 'public' NOT NULL,
	"time_zone" text DEFAULT 'UTC' NOT NULL,
	"template_id" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"organizer_name" text DEFAULT '' NOT NULL,
	"first_starts_at" timestamp with time zone,
	"last_ends_at" timestamp with time zone,
	"min_price_minor" integer,
	"max_price_minor" integer,
	"prices" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"city_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"search_vector" "tsvector",
	"search_text" text DEFAULT '' NOT NULL,
	"popularity" double precision DEFAULT 0 NOT NULL,
	"has_orders" boolean DEFAULT false NOT NULL,
	CONSTRAINT "catalog_events_status_check" CHECK ("catalog_events"."status" IN ('draft','published','cancelled','completed')),
	CONSTRAINT "catalog_events_visibility_check" CHECK ("catalog_events"."visibility" IN ('public','unlisted'))
);
--> statement-breakpoint
CREATE TABLE "catalog_media" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" integer NOT NULL,
	"event_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_event_occurrences" (
	"id" serial PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"venue_name" text DEFAULT '' NOT NULL,
	"address" text DEFAULT '' NOT NULL,
	"city" text DEFAULT '' NOT NULL,
	"country" char(2),
	"latitude" double precision,
	"longitude" double precision,
	"online_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalog_event_occurrences_time_check" CHECK ("catalog_event_occurrences"."ends_at" >= "catalog_event_occurrences"."starts_at"),
	CONSTRAINT "catalog_event_occurrences_geo_check" CHECK (("catalog_event_occurrences"."latitude" IS NULL) = ("catalog_event_occurrences"."longitude" IS NULL) AND ("catalog_event_occurrences"."latitude" IS NULL OR ("catalog_event_occurrences"."latitude" BETWEEN -90 AND 90 AND "catalog_event_occurrences"."longitude" BETWEEN -180 AND 180)))
);
--> statement-breakpoint
CREATE TABLE "catalog_search_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_ticket_types" (
	"id" serial PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"price_minor" integer NOT NULL,
	"currency" char(3) NOT NULL,
	"capacity" integer NOT NULL,
	"sold" integer DEFAULT 0 NOT NULL,
	"held" integer DEFAULT 0 NOT NULL,
	"sales_start" timestamp with time zone,
	"sales_end" timestamp with time zone,
	"min_per_order" integer DEFAULT 1 NOT NULL,
	"max_per_order" integer DEFAULT 10 NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalog_ticket_types_inventory_check" CHECK ("catalog_ticket_types"."sold" >= 0 AND "catalog_ticket_types"."held" >= 0 AND "catalog_ticket_types"."sold" + "catalog_ticket_types"."held" <= "catalog_ticket_types"."capacity"),
	CONSTRAINT "catalog_ticket_types_price_check" CHECK ("catalog_ticket_types"."price_minor" >= 0),
	CONSTRAINT "catalog_ticket_types_order_check" CHECK ("catalog_ticket_types"."min_per_order" >= 1 AND "catalog_ticket_types"."max_per_order" >= "catalog_ticket_types"."min_per_order")
);
--> statement-breakpoint
CREATE TABLE "community_event_popularity" (
	"event_id" integer PRIMARY KEY NOT NULL,
	"score" double precision NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "community_event_purchases" (
	"order_id" text PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"event_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "community_event_views" (
	"event_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"viewer" text NOT NULL,
	CONSTRAINT "community_event_views_event_id_hour_viewer_pk" PRIMARY KEY("event_id","hour","viewer")
);
--> statement-breakpoint
CREATE TABLE "community_favorites" (
	"user_id" uuid NOT NULL,
	"event_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "community_favorites_user_id_event_id_pk" PRIMARY KEY("user_id","event_id")
);
--> statement-breakpoint
CREATE TABLE "identity_api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"scopes" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identity_audit_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"actor_id" uuid,
	"action" text NOT NULL,
	"ip" text,
	"user_agent" text,
	"details" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_login_throttles" (
	"key" text PRIMARY KEY NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	"last_failure_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_until" timestamp with time zone,
	"notified_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "identity_organizer_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organizer_id" uuid NOT NULL,
	"email" "citext" NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	CONSTRAINT "identity_organizer_invitations_token_hash_unique" UNIQUE("token_hash"),
	CONSTRAINT "identity_organizer_invitations_role_check" CHECK ("identity_organizer_invitations"."role" IN ('owner', 'manager', 'staff'))
);
--> statement-breakpoint
CREATE TABLE "identity_organizer_members" (
	"organizer_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identity_organizer_members_organizer_id_user_id_pk" PRIMARY KEY("organizer_id","user_id"),
	CONSTRAINT "identity_organizer_members_role_check" CHECK ("identity_organizer_members"."role" IN ('owner', 'manager', 'staff'))
);
--> statement-breakpoint
CREATE TABLE "identity_organizers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"slug" text NOT NULL,
	"description" text,
	"logo_url" text,
	"contact_email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identity_organizers_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "identity_session_rotated_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"session_id" uuid NOT NULL,
	"rotated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"refresh_token_hash" text NOT NULL,
	"rotation_count" integer DEFAULT 0 NOT NULL,
	"user_agent" text,
	"ip" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	CONSTRAINT "identity_sessions_refresh_token_hash_unique" UNIQUE("refresh_token_hash")
);
--> statement-breakpoint
CREATE TABLE "identity_users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" "citext" NOT NULL,
	"name" text NOT NULL,
	"password_hash" text,
	"roles" text[] DEFAULT '{attendee}'::text[] NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"email_verified_at" timestamp with time zone,
	"bio" text,
	"avatar_url" text,
	"locale" text,
	"time_zone" text,
	"preferences" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identity_users_email_unique" UNIQUE("email"),
	CONSTRAINT "identity_users_status_check" CHECK ("identity_users"."status" IN ('active', 'suspended', 'deleted'))
);
--> statement-breakpoint
CREATE TABLE "identity_links" (
	"provider" text NOT NULL,
	"subject" text NOT NULL,
	"user_id" uuid NOT NULL,
	"email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "identity_links_provider_subject_pk" PRIMARY KEY("provider","subject")
);
--> statement-breakpoint
CREATE TABLE "identity_oidc_login_attempts" (
	"state_hash" text PRIMARY KEY NOT NULL,
	"provider" text NOT NULL,
	"browser_hash" text NOT NULL,
	"nonce" text NOT NULL,
	"code_verifier" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "identity_one_time_tokens" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"user_id" uuid NOT NULL,
	"email" text NOT NULL,
	"new_email" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	CONSTRAINT "identity_one_time_tokens_purpose_check" CHECK ("identity_one_time_tokens"."purpose" IN ('verify_email', 'reset_password', 'change_email', 'approve_email_change', 'cancel_email_change')),
	CONSTRAINT "identity_one_time_tokens_new_email_check" CHECK (("identity_one_time_tokens"."purpose" = 'approve_email_change') = ("identity_one_time_tokens"."new_email" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE "ticketing_availability_versions" (
	"ticket_type_id" integer PRIMARY KEY NOT NULL,
	"event_id" integer NOT NULL,
	"version" bigint NOT NULL
);
--> statement-breakpoint
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
	"ticket_id" uuid,
	"amount_minor" integer NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	"completed_by" uuid,
	"completed_via" text,
	"reference" text
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
	"link_generation" integer DEFAULT 0 NOT NULL,
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
CREATE TABLE "outbox_deliveries" (
	"subscriber" text NOT NULL,
	"event_id" bigint NOT NULL,
	"delivered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outbox_deliveries_subscriber_event_id_pk" PRIMARY KEY("subscriber","event_id")
);
--> statement-breakpoint
CREATE TABLE "outbox_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text
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
ALTER TABLE "catalog_event_templates" ADD CONSTRAINT "catalog_event_templates_category_catalog_categories_slug_fk" FOREIGN KEY ("category") REFERENCES "public"."catalog_categories"("slug") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "catalog_events" ADD CONSTRAINT "catalog_events_organizer_id_identity_organizers_id_fk" FOREIGN KEY ("organizer_id") REFERENCES "public"."identity_organizers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_events" ADD CONSTRAINT "catalog_events_category_catalog_categories_slug_fk" FOREIGN KEY ("category") REFERENCES "public"."catalog_categories"("slug") ON DELETE no action ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "catalog_media" ADD CONSTRAINT "catalog_media_event_id_catalog_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."catalog_events"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_event_occurrences" ADD CONSTRAINT "catalog_event_occurrences_event_id_catalog_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."catalog_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalog_ticket_types" ADD CONSTRAINT "catalog_ticket_types_event_id_catalog_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."catalog_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_event_purchases" ADD CONSTRAINT "community_event_purchases_user_id_identity_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."identity_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_favorites" ADD CONSTRAINT "community_favorites_user_id_identity_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."identity_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "community_favorites" ADD CONSTRAINT "community_favorites_event_id_catalog_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."catalog_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_api_tokens" ADD CONSTRAINT "identity_api_tokens_user_id_identity_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."identity_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_audit_events" ADD CONSTRAINT "identity_audit_events_user_id_identity_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."identity_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_audit_events" ADD CONSTRAINT "identity_audit_events_actor_id_identity_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."identity_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_organizer_invitations" ADD CONSTRAINT "identity_organizer_invitations_organizer_id_identity_organizers_id_fk" FOREIGN KEY ("organizer_id") REFERENCES "public"."identity_organizers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_organizer_invitations" ADD CONSTRAINT "identity_organizer_invitations_invited_by_identity_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."identity_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_organizer_invitations" ADD CONSTRAINT "identity_organizer_invitations_accepted_by_identity_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."identity_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_organizer_members" ADD CONSTRAINT "identity_organizer_members_organizer_id_identity_organizers_id_fk" FOREIGN KEY ("organizer_id") REFERENCES "public"."identity_organizers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_organizer_members" ADD CONSTRAINT "identity_organizer_members_user_id_identity_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."identity_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_session_rotated_tokens" ADD CONSTRAINT "identity_session_rotated_tokens_session_id_identity_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."identity_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_sessions" ADD CONSTRAINT "identity_sessions_user_id_identity_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."identity_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_links" ADD CONSTRAINT "identity_links_user_id_identity_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."identity_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "identity_one_time_tokens" ADD CONSTRAINT "identity_one_time_tokens_user_id_identity_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."identity_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticketing_check_ins" ADD CONSTRAINT "ticketing_check_ins_ticket_id_ticketing_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticketing_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticketing_order_lines" ADD CONSTRAINT "ticketing_order_lines_order_id_ticketing_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."ticketing_orders"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticketing_orders" ADD CONSTRAINT "ticketing_orders_reservation_id_ticketing_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."ticketing_reservations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticketing_refunds" ADD CONSTRAINT "ticketing_refunds_order_id_ticketing_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."ticketing_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticketing_refunds" ADD CONSTRAINT "ticketing_refunds_ticket_id_ticketing_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticketing_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticketing_reservation_items" ADD CONSTRAINT "ticketing_reservation_items_reservation_id_ticketing_reservations_id_fk" FOREIGN KEY ("reservation_id") REFERENCES "public"."ticketing_reservations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticketing_tickets" ADD CONSTRAINT "ticketing_tickets_order_id_ticketing_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."ticketing_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "outbox_deliveries" ADD CONSTRAINT "outbox_deliveries_event_id_outbox_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."outbox_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalog_event_templates_category_idx" ON "catalog_event_templates" USING btree ("category");--> statement-breakpoint
CREATE INDEX "catalog_events_organizer_idx" ON "catalog_events" USING btree ("organizer_id","created_at");--> statement-breakpoint
CREATE INDEX "catalog_events_public_starts_idx" ON "catalog_events" USING btree ("first_starts_at","id") WHERE status = 'published' AND visibility = 'public';--> statement-breakpoint
CREATE INDEX "catalog_events_public_ends_idx" ON "catalog_events" USING btree ("last_ends_at") WHERE status = 'published' AND visibility = 'public';--> statement-breakpoint
CREATE INDEX "catalog_events_category_idx" ON "catalog_events" USING btree ("category");--> statement-breakpoint
CREATE INDEX "catalog_events_search_vector_idx" ON "catalog_events" USING gin ("search_vector") WITH (fastupdate=off);--> statement-breakpoint
CREATE INDEX "catalog_events_search_text_trgm_idx" ON "catalog_events" USING gin ("search_text" gin_trgm_ops) WITH (fastupdate=off);--> statement-breakpoint
CREATE INDEX "catalog_events_city_keys_idx" ON "catalog_events" USING gin ("city_keys") WITH (fastupdate=off);--> statement-breakpoint
CREATE INDEX "catalog_events_tags_idx" ON "catalog_events" USING gin ("tags") WITH (fastupdate=off);--> statement-breakpoint
CREATE UNIQUE INDEX "catalog_media_file_idx" ON "catalog_media" USING btree ("file_name");--> statement-breakpoint
CREATE INDEX "catalog_event_occurrences_event_idx" ON "catalog_event_occurrences" USING btree ("event_id","starts_at");--> statement-breakpoint
CREATE INDEX "catalog_event_occurrences_starts_idx" ON "catalog_event_occurrences" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "catalog_event_occurrences_earth_idx" ON "catalog_event_occurrences" USING gist (ll_to_earth("latitude", "longitude")) WHERE latitude IS NOT NULL;--> statement-breakpoint
CREATE INDEX "catalog_search_words_trgm_idx" ON "catalog_search_words" USING gist ("word" gist_trgm_ops);--> statement-breakpoint
CREATE INDEX "catalog_ticket_types_event_idx" ON "catalog_ticket_types" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "community_event_popularity_score_idx" ON "community_event_popularity" USING btree ("score" DESC NULLS LAST,"event_id");--> statement-breakpoint
CREATE INDEX "community_event_purchases_user_idx" ON "community_event_purchases" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "community_event_purchases_event_idx" ON "community_event_purchases" USING btree ("event_id","occurred_at");--> statement-breakpoint
CREATE INDEX "community_event_views_hour_idx" ON "community_event_views" USING btree ("hour");--> statement-breakpoint
CREATE INDEX "community_favorites_event_idx" ON "community_favorites" USING btree ("event_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "identity_api_tokens_token_hash_unique" ON "identity_api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "identity_api_tokens_user_idx" ON "identity_api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "identity_audit_events_user_idx" ON "identity_audit_events" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "identity_organizer_invitations_organizer_idx" ON "identity_organizer_invitations" USING btree ("organizer_id");--> statement-breakpoint
CREATE INDEX "identity_organizer_members_user_idx" ON "identity_organizer_members" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "identity_session_rotated_tokens_session_idx" ON "identity_session_rotated_tokens" USING btree ("session_id");--> statement-breakpoint
CREATE INDEX "identity_sessions_user_idx" ON "identity_sessions" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "identity_users_name_trgm_idx" ON "identity_users" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "identity_users_email_trgm_idx" ON "identity_users" USING gin (("email"::text) gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "identity_links_user_idx" ON "identity_links" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "identity_oidc_login_attempts_expires_idx" ON "identity_oidc_login_attempts" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "identity_one_time_tokens_user_idx" ON "identity_one_time_tokens" USING btree ("user_id","purpose","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "ticketing_check_ins_once_idx" ON "ticketing_check_ins" USING btree ("ticket_id",coalesce("occurrence_id", 0)) WHERE undone_at IS NULL;--> statement-breakpoint
CREATE INDEX "ticketing_check_ins_event_idx" ON "ticketing_check_ins" USING btree ("event_id");--> statement-breakpoint
CREATE INDEX "ticketing_orders_user_idx" ON "ticketing_orders" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "ticketing_orders_event_idx" ON "ticketing_orders" USING btree ("event_id","created_at");--> statement-breakpoint
CREATE INDEX "ticketing_orders_user_event_pending_idx" ON "ticketing_orders" USING btree ("user_id","event_id") WHERE status = 'pending_payment';--> statement-breakpoint
CREATE INDEX "ticketing_refunds_order_idx" ON "ticketing_refunds" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ticketing_refunds_order_once_idx" ON "ticketing_refunds" USING btree ("order_id") WHERE ticket_id IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "ticketing_refunds_ticket_once_idx" ON "ticketing_refunds" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "ticketing_reservation_items_type_idx" ON "ticketing_reservation_items" USING btree ("ticket_type_id");--> statement-breakpoint
CREATE INDEX "ticketing_reservations_user_event_idx" ON "ticketing_reservations" USING btree ("user_id","event_id");--> statement-breakpoint
CREATE INDEX "ticketing_reservations_active_expiry_idx" ON "ticketing_reservations" USING btree ("expires_at") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "ticketing_tickets_order_idx" ON "ticketing_tickets" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "ticketing_tickets_user_event_idx" ON "ticketing_tickets" USING btree ("user_id","event_id");--> statement-breakpoint
CREATE INDEX "ticketing_tickets_event_idx" ON "ticketing_tickets" USING btree ("event_id","ticket_type_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ticketing_waitlist_one_per_user_idx" ON "ticketing_waitlist_entries" USING btree ("ticket_type_id","user_id") WHERE status IN ('waiting', 'offered');--> statement-breakpoint
CREATE INDEX "ticketing_waitlist_queue_idx" ON "ticketing_waitlist_entries" USING btree ("ticket_type_id","position") WHERE status = 'waiting';--> statement-breakpoint
CREATE INDEX "outbox_events_pending_idx" ON "outbox_events" USING btree ("id") WHERE published_at IS NULL;--> statement-breakpoint
-- Added by hand below the generated schema: the categories an empty catalogue
-- starts with (data, so applied once, never again on a later start).
INSERT INTO "catalog_categories" (slug, name, description, icon, sort_order) VALUES
  ('concert', 'Concerts', 'Live music: tours, gigs and recitals.', 'music', 10),
  ('theater', 'Theater', 'Plays, musicals and stage performances.', 'theater', 20),
  ('sports', 'Sports', 'Matches, races and tournaments.', 'trophy', 30),
  ('festival', 'Festivals', 'Multi-day festivals of music, food and culture.', 'sparkles', 40),
  ('conference', 'Conferences', 'Talks, summits and professional meetups.', 'presentation', 50),
  ('comedy', 'Comedy', 'Stand-up and improv shows.', 'smile', 60),
  ('workshop', 'Workshops', 'Hands-on classes and courses.', 'tools', 70),
  ('exhibition', 'Exhibitions', 'Art, design and museum exhibitions.', 'image', 80),
  ('movie', 'Movies', 'Screenings, premieres and film festivals.', 'film', 90),
  ('other', 'Other', 'Everything else.', 'star', 100)
ON CONFLICT (slug) DO NOTHING;
