DROP INDEX "ticketing_tickets_user_idx";--> statement-breakpoint
CREATE INDEX "ticketing_orders_user_event_pending_idx" ON "ticketing_orders" USING btree ("user_id","event_id") WHERE status = 'pending_payment';--> statement-breakpoint
CREATE INDEX "ticketing_tickets_user_event_idx" ON "ticketing_tickets" USING btree ("user_id","event_id");