-- An event keeps its row for every order made of it, paid or not (a buyer's
-- cancelled offline order still points at it): has_orders is now set when an
-- order is created, through the inventory door. One-off backfill for events
-- whose only orders were never confirmed.
UPDATE "events" e SET "has_orders" = true
 WHERE NOT e."has_orders"
   AND EXISTS (SELECT 1 FROM "ticketing_orders" o WHERE o."event_id" = e."id");
