import { asc, eq } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/database.js';
import type { EventBus } from '../../../platform/events/event-bus.js';
import type { DeliveredEvent } from '../../../platform/events/outbox.js';
import { eventFacts, mailTickets } from '../ticket-links.service.js';
import {
  cancellationMail,
  orderConfirmationMail,
  waitlistClosedMail,
  waitlistOfferMail,
} from '../ticket-mail.templates.js';
import type { TicketingContext } from '../ticketing.context.js';
import {
  TICKETING_EVENTS,
  type WaitlistClosedPayload,
  type WaitlistOfferedPayload,
} from '../ticketing.events.js';
import { findOrder } from '../ticketing.repository.js';
import { tickets } from '../ticketing.tables.js';

/**
 * Ticketing's mail, until a notifications module takes it over: each handler
 * runs in the relay's transaction after the use case committed, and queues
 * its mails there, so a redelivered event (its delivery record rolled back
 * with the queued jobs) sends nothing twice. Each mail's key also makes a
 * second queueing of the same mail a no-op.
 */
export function subscribeTicketMail(ctx: TicketingContext, bus: EventBus): void {
  const on = <P extends object>(
    name: string,
    events: string[],
    handle: (event: DeliveredEvent<P>, tx: Tx, key: string) => Promise<void>,
  ) =>
    bus.subscribe<P>(`ticketing.mail.${name}`, events, (event, tx) =>
      handle(event, tx, `ticketing.mail.${name}:${event.id}`),
    );

  on<{ orderId: string }>(
    'order-confirmed',
    [TICKETING_EVENTS.orderConfirmed],
    async (event, tx, key) => {
      const order = await findOrder(tx, event.payload.orderId);
      if (!order) return;
      const facts = await eventFacts(ctx, tx, order.eventId);
      const buyer = (await ctx.identity.getUserContacts(tx, [order.userId])).get(order.userId);
      if (buyer) {
        const message = orderConfirmationMail(
          { email: buyer.email, name: buyer.name },
          {
            number: order.number,
            totalMinor: order.totalMinor,
            currency: order.currency,
            attendeeNames: order.attendees.map((a) => a.name),
          },
          facts,
        );
        await ctx.platform.mail.enqueue(tx, message, { key: `${key}:buyer` });
      }
      const issued = await tx
        .select()
        .from(tickets)
        .where(eq(tickets.orderId, order.id))
        .orderBy(asc(tickets.createdAt), asc(tickets.id));
      await mailTickets(
        ctx,
        tx,
        issued.filter((t) => t.status === 'valid'),
        key,
      );
    },
  );

  on<WaitlistOfferedPayload>(
    'waitlist-offered',
    [TICKETING_EVENTS.waitlistOffered],
    async (event, tx, key) => {
      const offer = event.payload;
      const user = (await ctx.identity.getUserContacts(tx, [offer.userId])).get(offer.userId);
      if (!user) return;
      const facts = await eventFacts(ctx, tx, offer.eventId);
      const message = waitlistOfferMail(
        { email: user.email, name: user.name },
        {
          quantity: offer.quantity,
          typeName: facts.ticketTypeNames.get(offer.ticketTypeId) ?? 'Admission',
          expiresAt: new Date(offer.expiresAt),
          reservationId: offer.reservationId,
        },
        facts,
      );
      await ctx.platform.mail.enqueue(tx, message, { key });
    },
  );

  // Keyed per person and event: whoever waited, with or without an offer, hears it once.
  on<WaitlistClosedPayload>(
    'waitlist-closed',
    [TICKETING_EVENTS.waitlistClosed],
    async (event, tx) => {
      const { eventId, users } = event.payload;
      const contacts = await ctx.identity.getUserContacts(
        tx,
        users.map((u) => u.userId),
      );
      const facts = await eventFacts(ctx, tx, eventId);
      for (const { userId, hadOffer } of users) {
        const user = contacts.get(userId);
        if (!user) continue;
        const message = waitlistClosedMail(
          { email: user.email, name: user.name },
          { hadOffer },
          facts,
        );
        await ctx.platform.mail.enqueue(tx, message, {
          key: `ticketing.mail.waitlist-closed:${eventId}:${userId}`,
        });
      }
    },
  );

  on<{ orderId: string; reason: string; refundMinor: number; status: string }>(
    'order-cancelled',
    [TICKETING_EVENTS.orderCancelled],
    async (event, tx, key) => {
      const order = await findOrder(tx, event.payload.orderId);
      if (!order) return;
      const facts = await eventFacts(ctx, tx, order.eventId);
      const what = {
        orderNumber: order.number,
        reason: event.payload.reason,
        refundMinor: event.payload.refundMinor,
        currency: order.currency,
      };
      const buyer = (await ctx.identity.getUserContacts(tx, [order.userId])).get(order.userId);
      const voided = await tx.select().from(tickets).where(eq(tickets.orderId, order.id));
      if (buyer) {
        const message = cancellationMail(
          { email: buyer.email, name: buyer.name },
          { ...what, subjectOf: 'order', hadTickets: voided.length > 0 },
          facts,
        );
        await ctx.platform.mail.enqueue(tx, message, { key: `${key}:buyer` });
      }
      // Attendees other than the buyer hear that their own ticket is void.
      const others = voided.filter(
        (t) => t.attendeeEmail.toLowerCase() !== buyer?.email.toLowerCase(),
      );
      await mailTicketCancelled(ctx, tx, others, { ...what, refundMinor: 0 }, facts);
    },
  );

  // Refunds go to the buyer, so attendees' notices do not mention them.
  on<{ ticketId: string; orderId: string; by: string }>(
    'ticket-cancelled',
    [TICKETING_EVENTS.ticketCancelled],
    async (event, tx) => {
      const order = await findOrder(tx, event.payload.orderId);
      if (!order) return;
      const cancelled = await tx
        .select()
        .from(tickets)
        .where(eq(tickets.id, event.payload.ticketId));
      const facts = await eventFacts(ctx, tx, order.eventId);
      await mailTicketCancelled(
        ctx,
        tx,
        cancelled,
        {
          orderNumber: order.number,
          reason: event.payload.by,
          refundMinor: 0,
          currency: order.currency,
        },
        facts,
      );
    },
  );
}

/**
 * One notice per voided ticket, keyed by the ticket alone: cancelling an
 * order's last ticket also cancels the order, and its attendee hears it once.
 */
async function mailTicketCancelled(
  ctx: TicketingContext,
  tx: Tx,
  rows: (typeof tickets.$inferSelect)[],
  what: { orderNumber: string; reason: string; refundMinor: number; currency: string },
  facts: Awaited<ReturnType<typeof eventFacts>>,
): Promise<void> {
  for (const ticket of rows) {
    const message = cancellationMail(
      { email: ticket.attendeeEmail, name: ticket.attendeeName },
      { ...what, subjectOf: 'ticket', hadTickets: true },
      facts,
    );
    await ctx.platform.mail.enqueue(tx, message, {
      key: `ticketing.mail.ticket-void:${ticket.id}`,
    });
  }
}
