-- A ticket's mailed link (open the ticket without an account) carries the
-- ticket id and this generation under an HMAC; reissuing the link bumps it,
-- so every earlier link stops working. Cancelled tickets refuse every link.
ALTER TABLE "ticketing_tickets" ADD COLUMN "link_generation" integer DEFAULT 0 NOT NULL;
