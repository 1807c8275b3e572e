-- An event that sold a ticket keeps its row for its orders (refunds owed,
-- buyers' history): DELETE answers 409 instead. The catalogue learns of sales
-- through its inventory door (confirm), so it never reads ticketing's tables
-- at run time; this one-off backfill is the exception, for events sold before.
ALTER TABLE "events" ADD COLUMN "has_orders" boolean DEFAULT false NOT NULL;
--> statement-breakpoint
UPDATE "events" e SET "has_orders" = true
 WHERE EXISTS (SELECT 1 FROM "ticket_types" t WHERE t."event_id" = e."id" AND t."sold" > 0)
    OR EXISTS (SELECT 1 FROM "ticketing_tickets" k WHERE k."event_id" = e."id");
--> statement-breakpoint
-- Uploads an event no longer shows (replaced before replaced images were
-- deleted) stop being served: the image routes serve only files with a row.
DELETE FROM "catalog_media" m
 WHERE NOT EXISTS (SELECT 1 FROM "events" e
                    WHERE e."id" = m."event_id" AND e."image" LIKE '%/' || m."file_name");
