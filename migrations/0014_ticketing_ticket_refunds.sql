ALTER TABLE "ticketing_refunds" DROP CONSTRAINT "ticketing_refunds_orderId_unique";--> statement-breakpoint
ALTER TABLE "ticketing_refunds" ADD COLUMN "ticket_id" uuid;--> statement-breakpoint
ALTER TABLE "ticketing_refunds" ADD CONSTRAINT "ticketing_refunds_ticket_id_ticketing_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."ticketing_tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ticketing_refunds_order_idx" ON "ticketing_refunds" USING btree ("order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ticketing_refunds_order_once_idx" ON "ticketing_refunds" USING btree ("order_id") WHERE ticket_id IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "ticketing_refunds_ticket_once_idx" ON "ticketing_refunds" USING btree ("ticket_id");