import type { Tx } from '../../platform/db/database.js';
import { addEvent } from '../../platform/events/outbox.js';

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
} as const;

export interface AvailabilityChangedPayload {
  eventId: number;
  ticketTypeId: number;
  /**
   * Grows with every announcement of this ticket type, and a higher one
   * never carries older numbers: keep the highest seen, drop any lower.
   */
  version: number;
  capacity: number;
  sold: number;
  held: number;
  available: number;
}

export interface WaitlistOfferedPayload {
  eventId: number;
  ticketTypeId: number;
  entryId: string;
  userId: string;
  reservationId: string;
  quantity: number;
  expiresAt: string;
}

/** An event's cancellation ended these people's waitlist entries (each named once). */
export interface WaitlistClosedPayload {
  eventId: number;
  users: { userId: string; hadOffer: boolean }[];
}

/** Records a ticketing event in the caller's transaction. */
export function emit(
  tx: Tx,
  name: (typeof TICKETING_EVENTS)[keyof typeof TICKETING_EVENTS],
  payload: object,
): Promise<void> {
  return addEvent(tx, { name, payload });
}
