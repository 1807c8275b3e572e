import type { Tx } from '../../../platform/db/database.js';
import type { EventBus } from '../../../platform/events/event-bus.js';
import type { DeliveredEvent } from '../../../platform/events/outbox.js';
import { organizerChannelKey } from '../../identity/index.js';
import type { LivePublisher } from '../live/live-publisher.js';
import type { TicketingContext } from '../ticketing.context.js';
import {
  TICKETING_EVENTS,
  type OrderCancelledPayload,
  type OrderConfirmedPayload,
  type TicketCancelledPayload,
  type TicketCheckedInPayload,
} from '../ticketing.events.js';
import { eventSalesTotals } from '../ticketing.repository.js';

/**
 * The organizer team's live view (`organizer:{id}`, identity's channel):
 * each confirmed or cancelled order, cancelled ticket and check-in of its
 * events, with the event's running totals read when it is delivered (tickets
 * sold, revenue, checked in), so a screen that missed messages is right
 * again with the next one. Each runs in the relay's transaction after the
 * use case committed; the message is published once per delivery.
 */
export function subscribeLiveOrganizer(
  ctx: TicketingContext,
  bus: EventBus,
  publisher: LivePublisher,
): void {
  const on = <P extends { eventId: number }>(
    name: string,
    eventName: string,
    type: string,
    facts: (payload: P) => Record<string, unknown>,
  ) => {
    const subscriber = `ticketing.live.organizer.${name}`;
    bus.subscribe<P>(subscriber, [eventName], async (event: DeliveredEvent<P>, tx: Tx) => {
      const { eventId } = event.payload;
      const rules = await ctx.catalog.getEventSaleRules(eventId);
      if (!rules) return;
      const totals = await eventSalesTotals(tx, eventId);
      await publisher.publish(
        `${subscriber}:${event.id}`,
        organizerChannelKey(rules.organizerId),
        type,
        { eventId, ...facts(event.payload), occurredAt: event.occurredAt.toISOString(), totals },
      );
    });
  };

  on<OrderConfirmedPayload>(
    'order-confirmed',
    TICKETING_EVENTS.orderConfirmed,
    'order.confirmed',
    (p) => ({
      orderId: p.orderId,
      tickets: p.tickets,
      totalMinor: p.totalMinor,
      currency: p.currency,
    }),
  );
  on<OrderCancelledPayload>(
    'order-cancelled',
    TICKETING_EVENTS.orderCancelled,
    'order.cancelled',
    (p) => ({
      orderId: p.orderId,
      status: p.status,
      reason: p.reason,
      refundMinor: p.refundMinor,
    }),
  );
  on<TicketCancelledPayload>(
    'ticket-cancelled',
    TICKETING_EVENTS.ticketCancelled,
    'ticket.cancelled',
    (p) => ({
      ticketId: p.ticketId,
      orderId: p.orderId,
      ticketTypeId: p.ticketTypeId,
      by: p.by,
      refundMinor: p.refundMinor,
    }),
  );
  on<TicketCheckedInPayload>('checked-in', TICKETING_EVENTS.ticketCheckedIn, 'checkin', (p) => ({
    checkInId: p.checkInId,
    ticketId: p.ticketId,
    ticketTypeId: p.ticketTypeId,
    occurrenceId: p.occurrenceId,
  }));
}
