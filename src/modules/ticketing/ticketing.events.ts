import { Type } from 'typebox';
import { defineEvents, type EventPayload } from '../../platform/events/event-catalogue.js';

const Uuid = Type.String({ format: 'uuid' });
/** Dates travel as ISO 8601 strings in the outbox's JSON. */
const Instant = Type.String({ format: 'date-time' });
const Minor = Type.Integer({ minimum: 0 });

/**
 * Ticketing's domain events with their payloads exactly as they are in the
 * outbox (`ticketing.reservation.created` is also written by the hold
 * statements' raw SQL, with the payload built in holds/holds.repository.ts).
 * Emit with `ticketingEvents.emit(tx, name, payload)`.
 */
export const ticketingEvents = defineEvents({
  'ticketing.reservation.created': Type.Object(
    {
      reservationId: Uuid,
      eventId: Type.Integer(),
      userId: Uuid,
      seats: Type.Integer({ minimum: 1 }),
      expiresAt: Instant,
    },
    { additionalProperties: false },
  ),
  'ticketing.reservation.expired': Type.Object(
    { reservationId: Uuid },
    { additionalProperties: false },
  ),
  'ticketing.order.confirmed': Type.Object(
    {
      orderId: Uuid,
      eventId: Type.Integer(),
      userId: Uuid,
      totalMinor: Minor,
      currency: Type.String(),
      /** How many tickets the order issued. */
      tickets: Type.Integer({ minimum: 1 }),
    },
    { additionalProperties: false },
  ),
  'ticketing.order.cancelled': Type.Object(
    {
      orderId: Uuid,
      eventId: Type.Integer(),
      userId: Uuid,
      status: Type.Union([Type.Literal('cancelled'), Type.Literal('expired')]),
      /** Why: `buyer`, `organizer`, `payment_overdue` or `event_cancelled`. */
      reason: Type.String(),
      refundMinor: Minor,
    },
    { additionalProperties: false },
  ),
  'ticketing.ticket.checked_in': Type.Object(
    {
      checkInId: Uuid,
      ticketId: Uuid,
      eventId: Type.Integer(),
      occurrenceId: Type.Union([Type.Integer(), Type.Null()]),
      ticketTypeId: Type.Integer(),
    },
    { additionalProperties: false },
  ),
  'ticketing.ticket.cancelled': Type.Object(
    {
      ticketId: Uuid,
      orderId: Uuid,
      eventId: Type.Integer(),
      userId: Uuid,
      ticketTypeId: Type.Integer(),
      by: Type.Union([Type.Literal('buyer'), Type.Literal('organizer')]),
      refundMinor: Minor,
    },
    { additionalProperties: false },
  ),
  'ticketing.refund.completed': Type.Object(
    {
      refundId: Uuid,
      orderId: Uuid,
      eventId: Type.Integer(),
      userId: Uuid,
      /** Set when the refund is for one cancelled ticket, null for an order's. */
      ticketId: Type.Union([Uuid, Type.Null()]),
      amountMinor: Minor,
      currency: Type.String(),
      via: Type.Union([Type.Literal('organizer'), Type.Literal('provider')]),
      /** Who marked it given back; null when the payment provider did. */
      completedBy: Type.Union([Uuid, Type.Null()]),
    },
    { additionalProperties: false },
  ),
  'ticketing.availability.changed': Type.Object(
    {
      eventId: Type.Integer(),
      ticketTypeId: Type.Integer(),
      /**
       * Grows with every announcement of this ticket type, and a higher one
       * never carries older numbers: keep the highest seen, drop any lower.
       */
      version: Type.Integer({ minimum: 1 }),
      capacity: Type.Integer({ minimum: 0 }),
      sold: Type.Integer({ minimum: 0 }),
      held: Type.Integer({ minimum: 0 }),
      available: Type.Integer({ minimum: 0 }),
    },
    { additionalProperties: false },
  ),
  'ticketing.waitlist.offered': Type.Object(
    {
      eventId: Type.Integer(),
      ticketTypeId: Type.Integer(),
      entryId: Uuid,
      userId: Uuid,
      reservationId: Uuid,
      quantity: Type.Integer({ minimum: 1 }),
      expiresAt: Instant,
    },
    { additionalProperties: false },
  ),
  /** An event's cancellation ended these people's waitlist entries (each named once). */
  'ticketing.waitlist.closed': Type.Object(
    {
      eventId: Type.Integer(),
      users: Type.Array(
        Type.Object({ userId: Uuid, hadOffer: Type.Boolean() }, { additionalProperties: false }),
      ),
    },
    { additionalProperties: false },
  ),
});

type Events = typeof ticketingEvents;
export type TicketingEventName = keyof Events['schemas'] & string;

/** Names of the domain events ticketing publishes. */
export const TICKETING_EVENTS = {
  reservationCreated: 'ticketing.reservation.created',
  reservationExpired: 'ticketing.reservation.expired',
  orderConfirmed: 'ticketing.order.confirmed',
  orderCancelled: 'ticketing.order.cancelled',
  ticketCheckedIn: 'ticketing.ticket.checked_in',
  ticketCancelled: 'ticketing.ticket.cancelled',
  refundCompleted: 'ticketing.refund.completed',
  availabilityChanged: 'ticketing.availability.changed',
  waitlistOffered: 'ticketing.waitlist.offered',
  waitlistClosed: 'ticketing.waitlist.closed',
} as const satisfies Record<string, TicketingEventName>;

export type ReservationCreatedPayload = EventPayload<Events, 'ticketing.reservation.created'>;
export type ReservationExpiredPayload = EventPayload<Events, 'ticketing.reservation.expired'>;
export type OrderConfirmedPayload = EventPayload<Events, 'ticketing.order.confirmed'>;
export type OrderCancelledPayload = EventPayload<Events, 'ticketing.order.cancelled'>;
export type TicketCheckedInPayload = EventPayload<Events, 'ticketing.ticket.checked_in'>;
export type TicketCancelledPayload = EventPayload<Events, 'ticketing.ticket.cancelled'>;
export type RefundCompletedPayload = EventPayload<Events, 'ticketing.refund.completed'>;
export type AvailabilityChangedPayload = EventPayload<Events, 'ticketing.availability.changed'>;
export type WaitlistOfferedPayload = EventPayload<Events, 'ticketing.waitlist.offered'>;
export type WaitlistClosedPayload = EventPayload<Events, 'ticketing.waitlist.closed'>;
