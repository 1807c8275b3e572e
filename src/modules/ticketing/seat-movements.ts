import type { Tx } from '../../platform/db/database.js';
import { addMinutes } from './ticketing.rules.js';
import type { TicketTypeForSale } from '../catalog/index.js';
import type { TicketingContext } from './ticketing.context.js';
import {
  ticketingEvents,
  TICKETING_EVENTS,
  type AvailabilityChangedPayload,
  type WaitlistOfferedPayload,
} from './ticketing.events.js';
import {
  insertReservation,
  nextAvailabilityVersions,
  seatsOfUser,
  type Seats,
} from './ticketing.repository.js';
import { markOffered, nextWaitingEntry, type WaitlistEntryRow } from './waitlist.repository.js';

/**
 * Seat movements that every use case shares: each one changes catalog's
 * counters through `inventory` (in ticketTypeId order, the lock order), then
 * announces the new numbers.
 */

/**
 * Publishes `ticketing.availability.changed` with the current counters of
 * these types, each with the next version of its announcements. The version
 * row is locked (and bumped) first and the counters read in a later
 * statement, so announcements of one type are serialised and each reads
 * numbers at least as new as those of every lower version: however
 * transactions interleave, a higher version never says something older.
 */
export async function announceAvailability(
  ctx: TicketingContext,
  tx: Tx,
  eventId: number,
  ticketTypeIds: number[],
): Promise<void> {
  const ids = [...new Set(ticketTypeIds)].sort((a, b) => a - b);
  if (ids.length === 0) return;
  const versions = await nextAvailabilityVersions(tx, eventId, ids);
  const event = await ctx.catalog.getEventForSale(tx, eventId);
  if (!event) return;
  for (const type of event.ticketTypes) {
    const version = versions.get(type.id);
    if (version === undefined) continue;
    await ticketingEvents.emit(tx, TICKETING_EVENTS.availabilityChanged, {
      eventId,
      ticketTypeId: type.id,
      version,
      capacity: type.capacity,
      sold: type.sold,
      held: type.held,
      available: type.available,
    } satisfies AvailabilityChangedPayload);
  }
}

const byType = (seats: Seats[]) =>
  [...seats].filter((s) => s.quantity > 0).sort((a, b) => a.ticketTypeId - b.ticketTypeId);

/**
 * Puts seats back on sale (held ones released, or sold ones unsold), offers
 * them to the waitlist first (in arrival order), then announces availability.
 * `offer: false` when the event itself is going away.
 */
async function freeSeats(
  ctx: TicketingContext,
  tx: Tx,
  eventId: number,
  seats: Seats[],
  from: 'release' | 'unsell',
  options: { offer?: boolean },
): Promise<void> {
  const sorted = byType(seats);
  for (const s of sorted) await ctx.catalog.inventory[from](tx, s.ticketTypeId, s.quantity);
  ctx.holds.seatsReturned(sorted.map((s) => s.ticketTypeId));
  await afterSeatsFreed(ctx, tx, eventId, sorted, options.offer !== false);
}

/** Gives held seats back (a hold ended, an unpaid order expired). */
export const releaseHeld = (
  ctx: TicketingContext,
  tx: Tx,
  eventId: number,
  seats: Seats[],
  options: { offer?: boolean } = {},
) => freeSeats(ctx, tx, eventId, seats, 'release', options);

/** Returns sold seats to sale (a confirmed order was cancelled). */
export const unsellSold = (ctx: TicketingContext, tx: Tx, eventId: number, seats: Seats[]) =>
  freeSeats(ctx, tx, eventId, seats, 'unsell', {});

/** Moves held seats to sold (an order was confirmed). */
export async function confirmHeld(
  ctx: TicketingContext,
  tx: Tx,
  eventId: number,
  seats: Seats[],
): Promise<void> {
  const sorted = byType(seats);
  for (const s of sorted) await ctx.catalog.inventory.confirm(tx, s.ticketTypeId, s.quantity);
  await announceAvailability(
    ctx,
    tx,
    eventId,
    sorted.map((s) => s.ticketTypeId),
  );
}

async function afterSeatsFreed(
  ctx: TicketingContext,
  tx: Tx,
  eventId: number,
  sorted: Seats[],
  offer: boolean,
): Promise<void> {
  const typeIds = sorted.map((s) => s.ticketTypeId);
  if (offer) for (const id of typeIds) await offerWaitlist(ctx, tx, eventId, id);
  await announceAvailability(ctx, tx, eventId, typeIds);
}

/**
 * Offers free seats of a ticket type to waiting entries: each offer is a
 * reservation held for that user with its own expiry (the periodic sweep
 * passes an unclaimed one on). The first entry in arrival order that fits
 * gets the seats, then the next that fits what is left, and so on: an entry
 * wanting more than is free does not block smaller ones behind it (they
 * would otherwise watch the seat go to public sale). An entry whose owner
 * would pass the per-person limit is skipped and keeps its place. Entries
 * being offered by a concurrent release are skipped (SKIP LOCKED), not
 * waited for. Called with the type's row locked by the release, so nobody
 * buys the freed seats in between.
 */
export async function offerWaitlist(
  ctx: TicketingContext,
  tx: Tx,
  eventId: number,
  ticketTypeId: number,
): Promise<number> {
  const event = await ctx.catalog.getEventForSale(tx, eventId);
  const type = event?.ticketTypes.find((t) => t.id === ticketTypeId);
  if (!event || !type || event.status !== 'published') return 0;
  let left = type.available;
  const passedOver: string[] = [];
  let offered = 0;
  while (left > 0) {
    const entry = await nextWaitingEntry(tx, ticketTypeId, left, passedOver);
    if (!entry) break;
    const seats = await seatsOfUser(tx, entry.userId, eventId);
    if (seats + entry.quantity > ctx.settings.maxTicketsPerUserPerEvent) {
      passedOver.push(entry.id);
      continue;
    }
    const held = await ctx.catalog.inventory.hold(tx, ticketTypeId, entry.quantity);
    if (!held.ok) break;
    left -= entry.quantity;
    await offerTo(ctx, tx, entry, type);
    offered++;
  }
  return offered;
}

/** Writes the offer's reservation for seats already held, and tells the entry's owner. */
async function offerTo(
  ctx: TicketingContext,
  tx: Tx,
  entry: WaitlistEntryRow,
  type: TicketTypeForSale,
): Promise<void> {
  const expiresAt = addMinutes(new Date(), ctx.settings.waitlistOfferMinutes);
  const reservation = await insertReservation(tx, {
    userId: entry.userId,
    eventId: entry.eventId,
    expiresAt,
    waitlistEntryId: entry.id,
    items: [
      {
        ticketTypeId: type.id,
        quantity: entry.quantity,
        name: type.name,
        unitPriceMinor: type.priceMinor,
        currency: type.currency,
      },
    ],
  });
  await markOffered(tx, entry.id, reservation.id);
  await ticketingEvents.emit(tx, TICKETING_EVENTS.waitlistOffered, {
    eventId: entry.eventId,
    ticketTypeId: type.id,
    entryId: entry.id,
    userId: entry.userId,
    reservationId: reservation.id,
    quantity: entry.quantity,
    expiresAt: expiresAt.toISOString(),
  } satisfies WaitlistOfferedPayload);
}
