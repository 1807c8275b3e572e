import type { Tx } from '../../../platform/db/database.js';
import type { EventBus } from '../../../platform/events/event-bus.js';
import type { DeliveredEvent } from '../../../platform/events/outbox.js';
import { userChannelKey } from '../../identity/index.js';
import type { LivePublisher } from '../live/live-publisher.js';
import type { TicketingContext } from '../ticketing.context.js';
import {
  TICKETING_EVENTS,
  type OrderCancelledPayload,
  type OrderConfirmedPayload,
  type WaitlistOfferedPayload,
} from '../ticketing.events.js';
import { findOrder } from '../ticketing.repository.js';

/**
 * The buyer's own stream (`user`, identity's channel, keyed by user id so
 * nobody else can read it): their orders confirmed and cancelled, and
 * waitlist offers, each published once per delivery after the use case
 * committed.
 */
export function subscribeLiveUser(
  ctx: TicketingContext,
  bus: EventBus,
  publisher: LivePublisher,
): void {
  const on = <P extends { eventId: number; userId: string }>(
    name: string,
    eventName: string,
    type: string,
    facts: (payload: P, tx: Tx) => Promise<Record<string, unknown> | null>,
  ) => {
    const subscriber = `ticketing.live.user.${name}`;
    bus.subscribe<P>(subscriber, [eventName], async (event: DeliveredEvent<P>, tx: Tx) => {
      const { eventId, userId } = event.payload;
      const data = await facts(event.payload, tx);
      if (!data) return;
      const rules = await ctx.catalog.getEventSaleRules(eventId);
      await publisher.publish(`${subscriber}:${event.id}`, userChannelKey(userId), type, {
        eventId,
        eventTitle: rules?.title ?? null,
        ...data,
        occurredAt: event.occurredAt.toISOString(),
      });
    });
  };

  on<OrderConfirmedPayload>(
    'order-confirmed',
    TICKETING_EVENTS.orderConfirmed,
    'order.confirmed',
    async (p, tx) => {
      const order = await findOrder(tx, p.orderId);
      return order
        ? {
            orderId: p.orderId,
            number: order.number,
            tickets: p.tickets,
            totalMinor: p.totalMinor,
            currency: p.currency,
          }
        : null;
    },
  );
  on<OrderCancelledPayload>(
    'order-cancelled',
    TICKETING_EVENTS.orderCancelled,
    'order.cancelled',
    async (p, tx) => {
      const order = await findOrder(tx, p.orderId);
      return order
        ? {
            orderId: p.orderId,
            number: order.number,
            status: p.status,
            reason: p.reason,
            refundMinor: p.refundMinor,
            currency: order.currency,
          }
        : null;
    },
  );
  on<WaitlistOfferedPayload>(
    'waitlist-offered',
    TICKETING_EVENTS.waitlistOffered,
    'waitlist.offered',
    async (p) => ({
      entryId: p.entryId,
      ticketTypeId: p.ticketTypeId,
      reservationId: p.reservationId,
      quantity: p.quantity,
      expiresAt: p.expiresAt,
    }),
  );
}
