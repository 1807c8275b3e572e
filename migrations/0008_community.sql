CREATE TABLE "event_popularity" (
	"event_id" integer PRIMARY KEY NOT NULL,
	"score" double precision NOT NULL,
	"computed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_purchases" (
	"order_id" text PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"event_id" integer NOT NULL,
	"quantity" integer NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_views" (
	"event_id" integer NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"viewer" text NOT NULL,
	CONSTRAINT "event_views_event_id_hour_viewer_pk" PRIMARY KEY("event_id","hour","viewer")
);
--> statement-breakpoint
CREATE TABLE "favorites" (
	"user_id" uuid NOT NULL,
	"event_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "favorites_user_id_event_id_pk" PRIMARY KEY("user_id","event_id")
);
--> statement-breakpoint
ALTER TABLE "event_purchases" ADD CONSTRAINT "event_purchases_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "favorites" ADD CONSTRAINT "favorites_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "favorites" ADD CONSTRAINT "favorites_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "event_popularity_score_idx" ON "event_popularity" USING btree ("score" DESC NULLS LAST,"event_id");--> statement-breakpoint
CREATE INDEX "event_purchases_user_idx" ON "event_purchases" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "event_purchases_event_idx" ON "event_purchases" USING btree ("event_id","occurred_at");--> statement-breakpoint
CREATE INDEX "event_views_hour_idx" ON "event_views" USING btree ("hour");--> statement-breakpoint
CREATE INDEX "favorites_event_idx" ON "favorites" USING btree ("event_id","created_at");