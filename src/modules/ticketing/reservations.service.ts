import { randomUUID } from 'node:crypto';
import type { Tx } from '../../platform/db/database.js';
import { AppError, forbidden, notFound } from '../../platform/http/errors.js';
import type { Principal } from '../../platform/http/principal.js';
import {
  addMinutes,
  checkReservationItems,
  orderTotal,
  soldOut,
  type RequestedItem,
  userLimitReached,
} from './ticketing.rules.js';
import type { EventForSale } from '../catalog/index.js';
import type { TicketingContext } from './ticketing.context.js';
import { ticketingEvents, TICKETING_EVENTS } from './ticketing.events.js';
import {
  claimExpiredReservations,
  findReservation,
  itemsOf,
  itemsOfMany,
  markReservations,
  reservationsOfUser,
  seatsOfReservations,
  type Claimed,
  type ReservationItemRow,
  type ReservationRow,
  type ReservationState,
} from './ticketing.repository.js';
import { releaseHeld } from './seat-movements.js';
import { settleWaitlistOffer } from './waitlist.repository.js';
import { TICKETING_ERRORS } from './ticketing.errors.js';
import { CATALOG_ERRORS } from '../catalog/index.js';
import { IDENTITY_ERRORS } from '../identity/index.js';

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

/** Loads an event buyers may see (not drafts), or 404. */
export async function eventOnSale(ctx: TicketingContext, eventId: number): Promise<EventForSale> {
  const event = await ctx.catalog.getEventForSale(ctx.platform.database.db, eventId);
  if (!event || event.status === 'draft') throw notFound('Event', CATALOG_ERRORS.eventNotFound);
  return event;
}

export function requireVerified(principal: Principal): void {
  if (!principal.emailVerified) {
    throw forbidden(
      'Verify your email address before buying tickets.',
      IDENTITY_ERRORS.emailNotVerified,
    );
  }
}

/**
 * Holds seats for a buyer: checks the sale rules (status, windows, per-order
 * limits, prices, from the catalogue's per-process cache), holds the seats
 * through the hold engine (one statement: this user's own lock, the
 * per-person limit, the seats all or nothing, the reservation and its
 * event), and answers with the reservation or the rule that refused it.
 * Lapsed holds need no job to give their seats back: a periodic sweep does,
 * and so does the engine before it answers "sold out".
 */
export async function reserve(
  ctx: TicketingContext,
  principal: Principal,
  eventId: number,
  items: RequestedItem[],
): Promise<ReservationView> {
  requireVerified(principal);
  const rules = await ctx.catalog.getEventSaleRules(eventId);
  if (!rules || rules.status === 'draft') throw notFound('Event', CATALOG_ERRORS.eventNotFound);
  const newItems = checkReservationItems(rules, items, new Date()).map((i) => ({
    ticketTypeId: i.ticketTypeId,
    quantity: i.quantity,
    name: i.ticketType.name,
    unitPriceMinor: i.ticketType.priceMinor,
    currency: i.ticketType.currency,
  }));
  const request = {
    reservationId: randomUUID(),
    userId: principal.userId,
    eventId,
    expiresAt: addMinutes(new Date(), ctx.settings.holdMinutes),
    items: newItems,
    maxPerUser: ctx.settings.maxTicketsPerUserPerEvent,
  };
  const answer = await ctx.holds.hold(request);
  if (answer.kind === 'soldOut')
    throw soldOut(answer.ticketTypeId, answer.quantity, answer.available);
  if (answer.kind === 'limit') {
    const requested = newItems.reduce((sum, i) => sum + i.quantity, 0);
    throw userLimitReached(answer.seatsBefore, requested, request.maxPerUser);
  }
  const { createdAt } = answer;
  return reservationView(
    {
      id: request.reservationId,
      userId: principal.userId,
      eventId,
      status: 'active',
      expiresAt: request.expiresAt,
      waitlistEntryId: null,
      createdAt,
      updatedAt: createdAt,
    },
    newItems,
  );
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
    throw notFound('Reservation', TICKETING_ERRORS.reservationNotFound);
  return reservationView(r, await itemsOf(db, id));
}

/**
 * The caller's own reservations, newest first: what they hold (and until
 * when), what lapsed, what they released and what became an order. A buyer
 * whose answer to a hold was lost finds the hold here.
 */
export async function listMyReservations(
  ctx: TicketingContext,
  principal: Principal,
  filter: { state?: ReservationState; eventId?: number },
  pageOf: { limit: number; offset: number },
): Promise<{ items: ReservationView[]; total: number }> {
  const { db } = ctx.platform.database;
  const now = new Date();
  const { rows, total } = await reservationsOfUser(db, principal.userId, filter, pageOf, now);
  const items = await itemsOfMany(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => reservationView(r, items.get(r.id) ?? [], now)), total };
}

/** Locks the caller's own reservation; anyone else's is "not found". */
export async function ownReservationForUpdate(tx: Tx, principal: Principal, id: string) {
  const r = await findReservation(tx, id, { forUpdate: true });
  if (!r || r.userId !== principal.userId)
    throw notFound('Reservation', TICKETING_ERRORS.reservationNotFound);
  if (r.status === 'converted') {
    throw new AppError(
      TICKETING_ERRORS.reservationCheckedOut,
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
 * pass on, seats return per event, and each expiry is announced.
 */
export async function expireClaimed(ctx: TicketingContext, tx: Tx, claimed: Claimed[]) {
  const byEvent = new Map<number, string[]>();
  for (const c of claimed) byEvent.set(c.eventId, [...(byEvent.get(c.eventId) ?? []), c.id]);
  for (const [eventId, ids] of byEvent) {
    const seats = await seatsOfReservations(tx, ids);
    await markReservations(tx, ids, 'expired');
    for (const id of ids) {
      await settleWaitlistOffer(tx, id, 'expired');
      await ticketingEvents.emit(tx, TICKETING_EVENTS.reservationExpired, { reservationId: id });
    }
    await releaseHeld(ctx, tx, eventId, seats);
  }
}

/**
 * Releases lapsed holds now: of these ticket types (before answering "sold
 * out"), or of every type (the periodic sweep). One batch per transaction;
 * returns how many reservations it expired.
 */
export async function sweepExpired(
  ctx: TicketingContext,
  ticketTypeIds?: number[],
  batch = 200,
): Promise<number> {
  return ctx.platform.database.transaction(async (tx) => {
    const claimed = await claimExpiredReservations(tx, ticketTypeIds, batch);
    await expireClaimed(ctx, tx, claimed);
    return claimed.length;
  });
}

/** The periodic sweep: every lapsed hold, batch after batch. Returns how many expired. */
export async function sweepAllExpired(ctx: TicketingContext, batch = 200): Promise<number> {
  let total = 0;
  for (;;) {
    const swept = await sweepExpired(ctx, undefined, batch);
    total += swept;
    if (swept < batch) return total;
  }
}

/**
 * The per-reservation expiry job of earlier versions, kept so that jobs
 * already queued still run: expires the reservation if it lapsed; otherwise
 * the periodic sweep will.
 */
export async function expireReservation(
  ctx: TicketingContext,
  reservationId: string,
): Promise<void> {
  await ctx.platform.database.transaction(async (tx) => {
    const r = await findReservation(tx, reservationId, { forUpdate: true });
    if (!r || r.status !== 'active' || r.expiresAt.getTime() > Date.now()) return;
    await expireClaimed(ctx, tx, [{ id: r.id, eventId: r.eventId }]);
  });
}
