import { randomBytes } from 'node:crypto';
import { AppError, invalidField } from '../../platform/http/errors.js';
import type { EventForSale, TicketTypeForSale } from '../catalog/index.js';
import { TICKETING_ERRORS } from './ticketing.errors.js';

/** Pure ticketing rules: no I/O, so they are unit-tested directly. */

export const ORDER_STATUS = {
  pendingPayment: 'pending_payment',
  confirmed: 'confirmed',
  cancelled: 'cancelled',
  expired: 'expired',
  refunded: 'refunded',
} as const;
export type OrderStatus = (typeof ORDER_STATUS)[keyof typeof ORDER_STATUS];

/** What the rules read of a ticket type: catalog's `TicketTypeForSale`, without counters. */
export type SaleTicketType = Pick<
  TicketTypeForSale,
  | 'id'
  | 'name'
  | 'priceMinor'
  | 'currency'
  | 'salesStart'
  | 'salesEnd'
  | 'minPerOrder'
  | 'maxPerOrder'
>;

/** What the rules read of an event: catalog's `EventForSale`, with its ticket types as `T`. */
export interface SaleEvent<T extends SaleTicketType = SaleTicketType> extends Pick<
  EventForSale,
  'id' | 'status' | 'lastEndsAt'
> {
  ticketTypes: T[];
}

export interface RequestedItem {
  ticketTypeId: number;
  quantity: number;
}

export interface CheckedItem<T extends SaleTicketType = SaleTicketType> extends RequestedItem {
  ticketType: T;
}

/**
 * Checks a reservation request against the event and its ticket types: on
 * sale, inside each type's sales window, within min/max per order, one
 * currency. Returns the items in ticketTypeId order, the order in which seats
 * are locked so two buyers of the same types cannot deadlock.
 */
export function checkReservationItems<T extends SaleTicketType>(
  event: SaleEvent<T>,
  items: RequestedItem[],
  now: Date,
): CheckedItem<T>[] {
  if (event.status !== 'published') {
    throw new AppError(
      TICKETING_ERRORS.eventNotOnSale,
      409,
      `Event ${event.id} is ${event.status}; tickets are not on sale.`,
    );
  }
  if (event.lastEndsAt && event.lastEndsAt.getTime() <= now.getTime()) {
    throw new AppError(TICKETING_ERRORS.salesEnded, 409, `Event ${event.id} has already ended.`);
  }
  const seen = new Set<number>();
  const checked: CheckedItem<T>[] = [];
  items.forEach((item, index) => {
    if (seen.has(item.ticketTypeId)) {
      throw invalidField(`body.items.${index}.ticketTypeId`, 'appears more than once');
    }
    seen.add(item.ticketTypeId);
    const ticketType = event.ticketTypes.find((t) => t.id === item.ticketTypeId);
    if (!ticketType) {
      throw invalidField(
        `body.items.${index}.ticketTypeId`,
        `ticket type ${item.ticketTypeId} does not belong to event ${event.id}`,
      );
    }
    if (ticketType.salesStart && now < ticketType.salesStart) {
      throw new AppError(
        TICKETING_ERRORS.salesNotStarted,
        409,
        `Sales of "${ticketType.name}" start at ${ticketType.salesStart.toISOString()}.`,
        { ticketTypeId: ticketType.id, salesStart: ticketType.salesStart.toISOString() },
      );
    }
    if (ticketType.salesEnd && now >= ticketType.salesEnd) {
      throw new AppError(
        TICKETING_ERRORS.salesEnded,
        409,
        `Sales of "${ticketType.name}" ended at ${ticketType.salesEnd.toISOString()}.`,
        { ticketTypeId: ticketType.id, salesEnd: ticketType.salesEnd.toISOString() },
      );
    }
    if (item.quantity < ticketType.minPerOrder || item.quantity > ticketType.maxPerOrder) {
      throw new AppError(
        TICKETING_ERRORS.quantityNotAllowed,
        422,
        `"${ticketType.name}" is sold ${ticketType.minPerOrder} to ${ticketType.maxPerOrder} per order; you asked for ${item.quantity}.`,
        {
          ticketTypeId: ticketType.id,
          minPerOrder: ticketType.minPerOrder,
          maxPerOrder: ticketType.maxPerOrder,
        },
      );
    }
    checked.push({ ...item, ticketType });
  });
  const currencies = new Set(checked.map((c) => c.ticketType.currency));
  if (currencies.size > 1) {
    throw invalidField(
      'body.items',
      'ticket types with different currencies cannot share an order',
    );
  }
  return checked.sort((a, b) => a.ticketTypeId - b.ticketTypeId);
}

export const AVAILABILITY_STATUS = {
  available: 'available',
  low: 'low',
  soldOut: 'sold_out',
} as const;
export type AvailabilityStatus = (typeof AVAILABILITY_STATUS)[keyof typeof AVAILABILITY_STATUS];

/** Seats left at or under which a ticket type is `low`, whatever its size. */
export const LOW_AVAILABILITY_FLOOR = 5;
/** The share of its capacity at or under which a ticket type is `low`. */
export const LOW_AVAILABILITY_SHARE = 0.1;

/**
 * What live availability says of a ticket type: `sold_out` with no seat
 * left, `low` with at most max(5, 10% of capacity) left (the floor keeps a
 * small type from reading "available" with its last few seats; the share
 * keeps a stadium from reading "low" with thousands), else `available`.
 */
export function availabilityStatus(capacity: number, available: number): AvailabilityStatus {
  if (available <= 0) return AVAILABILITY_STATUS.soldOut;
  if (available <= Math.max(LOW_AVAILABILITY_FLOOR, capacity * LOW_AVAILABILITY_SHARE))
    return AVAILABILITY_STATUS.low;
  return AVAILABILITY_STATUS.available;
}

/** Anti-scalping: what the user already holds or bought plus this request stays within the limit. */
export function checkUserLimit(alreadyHeld: number, requested: number, limit: number): void {
  if (alreadyHeld + requested > limit) throw userLimitReached(alreadyHeld, requested, limit);
}

/** The per-person limit refused `requested` more seats. */
export function userLimitReached(alreadyHeld: number, requested: number, limit: number): AppError {
  return new AppError(
    TICKETING_ERRORS.userLimitReached,
    422,
    `At most ${limit} tickets per person for this event; you already have ${alreadyHeld}.`,
    { limit, alreadyHeld, requested },
  );
}

export function soldOut(ticketTypeId: number, requested: number, available: number): AppError {
  return new AppError(
    TICKETING_ERRORS.soldOut,
    409,
    available > 0
      ? `Only ${available} seat(s) left for ticket type ${ticketTypeId}; you asked for ${requested}.`
      : `Ticket type ${ticketTypeId} is sold out.`,
    { ticketTypeId, requested, available: Math.max(0, available) },
  );
}

/** Sum of price x quantity, in minor units. */
export function orderTotal(lines: { unitPriceMinor: number; quantity: number }[]): number {
  return lines.reduce((sum, line) => sum + line.unitPriceMinor * line.quantity, 0);
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A human-readable order number (`MQ-7K3F-9XQ2`): 40 random bits in Crockford base32, no I/O/L/U. */
export function orderNumber(bytes: Buffer = randomBytes(5)): string {
  let bits = 0n;
  for (const byte of bytes.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < 8; i++) {
    out = CROCKFORD[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return `MQ-${out.slice(0, 4)}-${out.slice(4)}`;
}

/** The last moment an attendee may cancel: `hours` before the first start; null when unscheduled. */
export function cancellationDeadline(firstStartsAt: Date | null, hours: number): Date | null {
  return firstStartsAt ? new Date(firstStartsAt.getTime() - hours * 3_600_000) : null;
}

/** Whether an attendee (not an organizer) may still cancel at `now`. */
export function canAttendeeCancel(now: Date, deadline: Date | null): boolean {
  return deadline === null || now.getTime() < deadline.getTime();
}

/**
 * What to refund when an order is cancelled: money actually received and not
 * already refunded (tickets cancelled one by one). A confirmed order with a
 * positive total was paid (offline orders are confirmed by mark-paid);
 * pending or free orders refund nothing.
 */
export function refundAmount(
  order: { status: string; totalMinor: number },
  alreadyRefunded = 0,
): number {
  if (order.status !== ORDER_STATUS.confirmed || order.totalMinor <= 0) return 0;
  return Math.max(0, order.totalMinor - alreadyRefunded);
}

/** What to refund for one cancelled ticket of an order: its price if the order was paid. */
export function ticketRefundAmount(
  order: { status: string; totalMinor: number },
  unitPriceMinor: number,
): number {
  return refundAmount(order) > 0 ? unitPriceMinor : 0;
}

/** Whether an order in this status still holds seats (and can be cancelled). */
export function isLiveOrder(status: string): boolean {
  return status === ORDER_STATUS.pendingPayment || status === ORDER_STATUS.confirmed;
}

export function addMinutes(date: Date, minutes: number): Date {
  return new Date(date.getTime() + minutes * 60_000);
}

/**
 * Which ticket type each attendee's ticket is of. Attendees may name their
 * ticket type; then every one must, and together they must take exactly the
 * reservation's seats of each type. Without names (the original form) seats
 * go to attendees in line order. `items` are the reservation's lines in
 * ticketTypeId order; the attendee count was checked already.
 */
export function assignAttendeeTypes(
  items: { ticketTypeId: number; quantity: number }[],
  attendees: { ticketTypeId?: number }[],
): number[] {
  const named = attendees.filter((a) => a.ticketTypeId !== undefined).length;
  if (named === 0)
    return items.flatMap((i) => Array.from({ length: i.quantity }, () => i.ticketTypeId));
  const reserved = new Map(items.map((i) => [i.ticketTypeId, i.quantity]));
  const errors = attendees.flatMap((a, index) => {
    const field = `body.attendees[${index}].ticketTypeId`;
    if (a.ticketTypeId === undefined)
      return [{ field, message: 'is required when other attendees name their ticket type' }];
    if (!reserved.has(a.ticketTypeId))
      return [{ field, message: `ticket type ${a.ticketTypeId} is not in this reservation` }];
    return [];
  });
  const given = new Map<number, number>();
  for (const a of attendees)
    if (a.ticketTypeId !== undefined)
      given.set(a.ticketTypeId, (given.get(a.ticketTypeId) ?? 0) + 1);
  const mismatched = items
    .filter((i) => (given.get(i.ticketTypeId) ?? 0) !== i.quantity)
    .map((i) => ({
      ticketTypeId: i.ticketTypeId,
      reserved: i.quantity,
      named: given.get(i.ticketTypeId) ?? 0,
    }));
  if (errors.length === 0 && mismatched.length === 0) return attendees.map((a) => a.ticketTypeId!);
  for (const m of mismatched)
    errors.push({
      field: 'body.attendees',
      message: `name ticket type ${m.ticketTypeId} for exactly ${m.reserved} attendee(s), not ${m.named}`,
    });
  throw new AppError(
    TICKETING_ERRORS.attendeeTicketTypesMismatch,
    422,
    "The attendees' ticket types do not match the reservation's seats.",
    {
      reserved: items.map((i) => ({ ticketTypeId: i.ticketTypeId, quantity: i.quantity })),
      mismatched,
    },
    errors,
  );
}
