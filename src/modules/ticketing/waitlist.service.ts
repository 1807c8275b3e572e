import { AppError, invalidField, notFound } from '../../platform/http/errors.js';
import type { PageRequest, SortTerm } from '../../platform/http/pagination.js';
import type { Principal } from '../../platform/http/principal.js';
import { eventOnSale, requireVerified } from './reservations.service.js';
import { offerWaitlist, releaseHeld } from './seat-movements.js';
import type { TicketingContext } from './ticketing.context.js';
import {
  entriesOfUser,
  entryOfUser,
  insertWaitingEntry,
  markLeft,
  waitingAhead,
  type WaitlistEntryRow,
} from './waitlist.repository.js';
import {
  findReservation,
  itemsOf,
  markReservations,
  seatsOfUser,
  type ReservationRow,
} from './ticketing.repository.js';
import { checkUserLimit } from './ticketing.rules.js';
import { TICKETING_ERRORS } from './ticketing.errors.js';

type EntryRow = WaitlistEntryRow;
export type WaitlistStatus = EntryRow['status'];

interface Offer {
  reservationId: string;
  expiresAt: Date;
  status: ReservationRow['status'];
}

function entryView(e: EntryRow, ahead: number, offer: Offer | null = null, now = new Date()) {
  const lapsed = offer?.status === 'active' && offer.expiresAt.getTime() <= now.getTime();
  return {
    id: e.id,
    eventId: e.eventId,
    ticketTypeId: e.ticketTypeId,
    quantity: e.quantity,
    status: e.status,
    /** How many entries are waiting ahead of this one (0 unless still waiting). */
    ahead,
    reservationId: e.reservationId,
    offer: offer
      ? {
          reservationId: offer.reservationId,
          expiresAt: offer.expiresAt.toISOString(),
          status: lapsed ? ('expired' as const) : offer.status,
        }
      : null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

/**
 * Joins the waitlist of a sold-out ticket type. If seats are already free
 * (released a moment ago), the offer is made at once.
 */
export async function joinWaitlist(
  ctx: TicketingContext,
  principal: Principal,
  eventId: number,
  body: { ticketTypeId: number; quantity: number },
) {
  requireVerified(principal);
  const event = await eventOnSale(ctx, eventId);
  const type = event.ticketTypes.find((t) => t.id === body.ticketTypeId);
  if (!type) {
    throw invalidField(
      'body.ticketTypeId',
      `ticket type ${body.ticketTypeId} does not belong to event ${eventId}`,
    );
  }
  if (event.status !== 'published') {
    throw new AppError(
      TICKETING_ERRORS.eventNotOnSale,
      409,
      `Event ${eventId} is ${event.status}.`,
    );
  }
  if (body.quantity < type.minPerOrder || body.quantity > type.maxPerOrder) {
    throw new AppError(
      TICKETING_ERRORS.quantityNotAllowed,
      422,
      `"${type.name}" is sold ${type.minPerOrder} to ${type.maxPerOrder} per order.`,
    );
  }
  // Waiting is a promise of seats: it counts against the per-person limit now, not at the door.
  checkUserLimit(
    await seatsOfUser(ctx.platform.database.db, principal.userId, eventId),
    body.quantity,
    ctx.settings.maxTicketsPerUserPerEvent,
  );
  if (type.available >= body.quantity) {
    throw new AppError(
      TICKETING_ERRORS.notSoldOut,
      409,
      `${type.available} seat(s) of "${type.name}" are available: reserve them instead.`,
      { ticketTypeId: type.id, available: type.available },
    );
  }
  return ctx.platform.database.transaction(async (tx) => {
    const entry = await insertWaitingEntry(tx, {
      eventId,
      ticketTypeId: type.id,
      userId: principal.userId,
      quantity: body.quantity,
    });
    if (!entry) {
      throw new AppError(
        TICKETING_ERRORS.alreadyOnWaitlist,
        409,
        'You are already on the waitlist for this ticket type.',
      );
    }
    return entryView(entry, await waitingAhead(tx, entry));
  });
}

export const MY_WAITLIST_SORT = ['createdAt'] as const;

/** The caller's waitlist entries, newest first by default, with the offer behind each offered one. */
export async function listMyWaitlist(
  ctx: TicketingContext,
  principal: Principal,
  filter: { status?: WaitlistStatus; eventId?: number },
  pageReq: PageRequest,
  sort: SortTerm<(typeof MY_WAITLIST_SORT)[number]>[],
) {
  const { rows, total } = await entriesOfUser(
    ctx.platform.database.db,
    principal.userId,
    filter,
    pageReq,
    sort,
  );
  const now = new Date();
  const items = rows.map((r) =>
    entryView(
      r.entry,
      r.ahead,
      r.entry.reservationId && r.offerExpiresAt && r.offerStatus
        ? {
            reservationId: r.entry.reservationId,
            expiresAt: r.offerExpiresAt,
            status: r.offerStatus,
          }
        : null,
      now,
    ),
  );
  return { items, total };
}

/**
 * Leaves the waitlist. Leaving an entry that holds an offer declines it: the
 * offer's reservation is released and its seats pass to the next in line.
 * Leaving again, or after the offer was claimed or lapsed, changes nothing.
 */
export async function leaveWaitlist(ctx: TicketingContext, principal: Principal, id: string) {
  await ctx.platform.database.transaction(async (tx) => {
    const entryOf = (lock: boolean) => entryOfUser(tx, id, principal.userId, { forUpdate: lock });
    const seen = await entryOf(false);
    if (!seen) throw notFound('Waitlist entry', TICKETING_ERRORS.waitlistEntryNotFound);
    // The offer's reservation first, then the entry: the order expiry and release lock them in.
    let offer = seen.reservationId
      ? await findReservation(tx, seen.reservationId, { forUpdate: true })
      : undefined;
    const entry = (await entryOf(true))!;
    // An offer made between the two reads (rare): lock its reservation now.
    if (entry.reservationId && entry.reservationId !== offer?.id)
      offer = await findReservation(tx, entry.reservationId, { forUpdate: true });
    if (entry.status !== 'waiting' && entry.status !== 'offered') return;
    await markLeft(tx, id);
    if (entry.status !== 'offered' || offer?.status !== 'active') return;
    await markReservations(tx, [offer.id], 'released');
    await releaseHeld(ctx, tx, offer.eventId, await itemsOf(tx, offer.id));
  });
}

/** Offers any free seats of a ticket type to its waitlist now (the job behind releases). */
export async function offerFreedSeats(
  ctx: TicketingContext,
  eventId: number,
  ticketTypeId: number,
) {
  return ctx.platform.database.transaction((tx) => offerWaitlist(ctx, tx, eventId, ticketTypeId));
}
