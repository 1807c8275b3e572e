import type { Tx } from '../../platform/db/database.js';
import { AppError, forbidden, notFound } from '../../platform/http/errors.js';
import type { Principal } from '../../platform/http/principal.js';
import {
  addMinutes,
  checkReservationItems,
  checkUserLimit,
  orderTotal,
  soldOut,
  type RequestedItem,
} from './ticketing.rules.js';
import type { EventForSale, TicketingContext } from './ticketing.context.js';
import { emit, TICKETING_EVENTS } from './ticketing.events.js';
import { expireReservationJob } from './ticketing.jobs.js';
import {
  claimExpiredReservations,
  findReservation,
  hasLapsedHolds,
  insertReservation,
  itemsOf,
  lockUserEvent,
  markReservations,
  seatsOfReservations,
  seatsOfUser,
  type ReservationItemRow,
  type ReservationRow,
} from './ticketing.repository.js';
import { releaseHeld, settleWaitlistOffer } from './seats.js';

/** A reservation as its owner sees it. */
export function reservationView(
  r: ReservationRow,
  items: Omit<ReservationItemRow, 'reservationId'>[],
  now = new Date(),
) {
  const lapsed = r.status === 'active' && r.expiresAt.getTime() <= now.getTime();
  return {
    id: r.id,
    eventId: r.eventId,
    status: lapsed ? ('expired' as const) : r.status,
    expiresAt: r.expiresAt.toISOString(),
    fromWaitlist: r.waitlistEntryId !== null,
    items: items.map((i) => ({
      ticketTypeId: i.ticketTypeId,
      name: i.name,
      quantity: i.quantity,
      unitPriceMinor: i.unitPriceMinor,
    })),
    totalMinor: orderTotal(items),
    currency: items[0]?.currency ?? 'EUR',
    createdAt: r.createdAt.toISOString(),
  };
}
export type ReservationView = ReturnType<typeof reservationView>;

class SoldOutSignal extends Error {
  constructor(
    readonly ticketTypeId: number,
    readonly requested: number,
    readonly available: number,
  ) {
    super('sold out');
  }
}

/** Loads an event buyers may see (not drafts), or 404. */
export async function eventOnSale(ctx: TicketingContext, eventId: number): Promise<EventForSale> {
  const event = await ctx.catalog.getEventForSale(ctx.platform.database.db, eventId);
  if (!event || event.status === 'draft') throw notFound('Event', 'CATALOG.EVENT_NOT_FOUND');
  return event;
}

export function requireVerified(principal: Principal): void {
  if (!principal.emailVerified) {
    throw forbidden('Verify your email address before buying tickets.', 'AUTH.EMAIL_NOT_VERIFIED');
  }
}

/**
 * Holds seats for a buyer: checks the sale rules outside any lock, then in one
 * short transaction serialises only this user's own requests for the event
 * (the per-user limit), writes the reservation and its expiry job, and takes
 * the seats last with one conditional UPDATE per ticket type, so each hot
 * row is locked only for the end of the transaction. All or nothing.
 */
export async function reserve(
  ctx: TicketingContext,
  principal: Principal,
  eventId: number,
  items: RequestedItem[],
): Promise<ReservationView> {
  requireVerified(principal);
  const event = await eventOnSale(ctx, eventId);
  const checked = checkReservationItems(event, items, new Date());
  const requested = checked.reduce((sum, i) => sum + i.quantity, 0);

  const newItems = checked.map((i) => ({
    ticketTypeId: i.ticketTypeId,
    quantity: i.quantity,
    name: i.ticketType.name,
    unitPriceMinor: i.ticketType.priceMinor,
    currency: i.ticketType.currency,
  }));
  const shortOf = checked.find((i) => i.ticketType.available < i.quantity);

  const typeIds = checked.map((i) => i.ticketTypeId);
  const attempt = () => ctx.gates.run(typeIds, () => holdSeats());
  const holdSeats = () =>
    ctx.platform.database.transaction(async (tx) => {
      // Async commit: a crash may lose a just-committed hold (the seats come
      // back), never oversell; see docs/adr/0007-ticketing-holds-async-commit.md.
      await lockUserEvent(tx, principal.userId, eventId, {
        asyncCommit: ctx.settings.asyncCommitHolds,
      });
      checkUserLimit(
        await seatsOfUser(tx, principal.userId, eventId),
        requested,
        ctx.settings.maxTicketsPerUserPerEvent,
      );
      const expiresAt = addMinutes(new Date(), ctx.settings.holdMinutes);
      const reservation = await insertReservation(tx, {
        userId: principal.userId,
        eventId,
        expiresAt,
        items: newItems,
      });
      await ctx.platform.jobs.send(
        expireReservationJob,
        { reservationId: reservation.id },
        { tx, startAfter: expiresAt },
      );
      await emit(tx, TICKETING_EVENTS.reservationCreated, {
        reservationId: reservation.id,
        eventId,
        userId: principal.userId,
        seats: requested,
        expiresAt: expiresAt.toISOString(),
      });
      // Seats last, in ticketTypeId order, and nothing after them but the
      // commit: each hot row stays locked for one UPDATE and the commit.
      for (const item of checked) {
        const held = await ctx.catalog.inventory.hold(tx, item.ticketTypeId, item.quantity);
        if (!held.ok) throw new SoldOutSignal(item.ticketTypeId, item.quantity, held.available);
      }
      return reservationView(reservation, newItems);
    });

  try {
    // Already short when read: skip the transaction unless lapsed holds can be swept.
    if (shortOf)
      throw new SoldOutSignal(shortOf.ticketTypeId, shortOf.quantity, shortOf.ticketType.available);
    const view = await attempt();
    ctx.announcer.touch(eventId, typeIds);
    return view;
  } catch (error) {
    if (!(error instanceof SoldOutSignal)) throw error;
    // Before answering "sold out", take back seats of holds that have lapsed.
    const swept = (await hasLapsedHolds(ctx.platform.database.db, [error.ticketTypeId]))
      ? await sweepExpired(ctx, [error.ticketTypeId])
      : 0;
    if (swept === 0) throw soldOut(error.ticketTypeId, error.requested, error.available);
    try {
      const view = await attempt();
      ctx.announcer.touch(eventId, typeIds);
      return view;
    } catch (again) {
      if (again instanceof SoldOutSignal)
        throw soldOut(again.ticketTypeId, again.requested, again.available);
      throw again;
    }
  }
}

/** The caller's own reservation; anyone else's is "not found". */
export async function getReservation(
  ctx: TicketingContext,
  principal: Principal,
  id: string,
): Promise<ReservationView> {
  const { db } = ctx.platform.database;
  const r = await findReservation(db, id);
  if (!r || r.userId !== principal.userId)
    throw notFound('Reservation', 'TICKETING.RESERVATION_NOT_FOUND');
  return reservationView(r, await itemsOf(db, id));
}

/** Locks the caller's own reservation; anyone else's is "not found". */
export async function ownReservationForUpdate(tx: Tx, principal: Principal, id: string) {
  const r = await findReservation(tx, id, { forUpdate: true });
  if (!r || r.userId !== principal.userId)
    throw notFound('Reservation', 'TICKETING.RESERVATION_NOT_FOUND');
  if (r.status === 'converted') {
    throw new AppError(
      'TICKETING.RESERVATION_CHECKED_OUT',
      409,
      'This reservation became an order; see the order (or cancel it) instead.',
    );
  }
  return r;
}

/** The owner gives the seats back before checkout. Releasing twice is harmless. */
export async function releaseReservation(
  ctx: TicketingContext,
  principal: Principal,
  id: string,
): Promise<ReservationView> {
  return ctx.platform.database.transaction(async (tx) => {
    const r = await ownReservationForUpdate(tx, principal, id);
    const items = await itemsOf(tx, id);
    if (r.status === 'active') {
      await markReservations(tx, [id], 'released');
      await settleWaitlistOffer(tx, id, 'expired');
      await releaseHeld(ctx, tx, r.eventId, items);
      return reservationView({ ...r, status: 'released' }, items);
    }
    return reservationView(r, items);
  });
}

/**
 * Expires reservations (claimed FOR UPDATE by the caller): waitlist offers
 * pass on, seats return, and each expiry is announced.
 */
export async function expireClaimed(ctx: TicketingContext, tx: Tx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const seats = await seatsOfReservations(tx, ids);
  await markReservations(tx, ids, 'expired');
  for (const id of ids) {
    await settleWaitlistOffer(tx, id, 'expired');
    await emit(tx, TICKETING_EVENTS.reservationExpired, { reservationId: id });
  }
  const r = await findReservation(tx, ids[0]!);
  await releaseHeld(ctx, tx, r!.eventId, seats);
}

/**
 * Read-time sweep: releases lapsed holds on these ticket types now rather
 * than when their expiry jobs run. Returns how many reservations it expired.
 */
export async function sweepExpired(
  ctx: TicketingContext,
  ticketTypeIds: number[],
): Promise<number> {
  return ctx.platform.database.transaction(async (tx) => {
    const ids = await claimExpiredReservations(tx, ticketTypeIds);
    await expireClaimed(ctx, tx, ids);
    return ids.length;
  });
}

/** The expiry job: a no-op when the reservation was already checked out, released or swept. */
export async function expireReservation(
  ctx: TicketingContext,
  reservationId: string,
): Promise<void> {
  await ctx.platform.database.transaction(async (tx) => {
    const r = await findReservation(tx, reservationId, { forUpdate: true });
    if (!r || r.status !== 'active') return;
    if (r.expiresAt.getTime() > Date.now()) {
      await ctx.platform.jobs.send(
        expireReservationJob,
        { reservationId },
        { tx, startAfter: r.expiresAt },
      );
      return;
    }
    await expireClaimed(ctx, tx, [reservationId]);
  });
}
