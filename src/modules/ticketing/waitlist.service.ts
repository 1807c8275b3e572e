import { and, count, eq, lt, sql } from 'drizzle-orm';
import { AppError, invalidField, notFound } from '../../platform/http/errors.js';
import type { Principal } from '../../platform/http/principal.js';
import { eventOnSale, requireVerified } from './reservations.service.js';
import { offerWaitlist } from './seats.js';
import type { TicketingContext } from './ticketing.context.js';
import { waitlistEntries } from './ticketing.tables.js';

type EntryRow = typeof waitlistEntries.$inferSelect;

function entryView(e: EntryRow, ahead: number) {
  return {
    id: e.id,
    eventId: e.eventId,
    ticketTypeId: e.ticketTypeId,
    quantity: e.quantity,
    status: e.status,
    /** How many entries are waiting ahead of this one. */
    ahead,
    reservationId: e.reservationId,
    createdAt: e.createdAt.toISOString(),
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
    throw new AppError('TICKETING.EVENT_NOT_ON_SALE', 409, `Event ${eventId} is ${event.status}.`);
  }
  if (body.quantity < type.minPerOrder || body.quantity > type.maxPerOrder) {
    throw new AppError(
      'TICKETING.QUANTITY_NOT_ALLOWED',
      422,
      `"${type.name}" is sold ${type.minPerOrder} to ${type.maxPerOrder} per order.`,
    );
  }
  if (type.available >= body.quantity) {
    throw new AppError(
      'TICKETING.NOT_SOLD_OUT',
      409,
      `${type.available} seat(s) of "${type.name}" are available: reserve them instead.`,
      { ticketTypeId: type.id, available: type.available },
    );
  }
  return ctx.platform.database.transaction(async (tx) => {
    const [entry] = await tx
      .insert(waitlistEntries)
      .values({
        eventId,
        ticketTypeId: type.id,
        userId: principal.userId,
        quantity: body.quantity,
        status: 'waiting',
      })
      .onConflictDoNothing()
      .returning();
    if (!entry) {
      throw new AppError(
        'TICKETING.ALREADY_ON_WAITLIST',
        409,
        'You are already on the waitlist for this ticket type.',
      );
    }
    const [ahead] = await tx
      .select({ n: count() })
      .from(waitlistEntries)
      .where(
        and(
          eq(waitlistEntries.ticketTypeId, type.id),
          eq(waitlistEntries.status, 'waiting'),
          lt(waitlistEntries.position, entry.position),
        ),
      );
    return entryView(entry, ahead?.n ?? 0);
  });
}

/** Leaves the waitlist (an outstanding offer stays until its reservation ends). */
export async function leaveWaitlist(ctx: TicketingContext, principal: Principal, id: string) {
  const rows = await ctx.platform.database.db
    .update(waitlistEntries)
    .set({ status: 'left', updatedAt: sql`now()` })
    .where(
      and(
        eq(waitlistEntries.id, id),
        eq(waitlistEntries.userId, principal.userId),
        eq(waitlistEntries.status, 'waiting'),
      ),
    )
    .returning({ id: waitlistEntries.id });
  if (rows.length === 0) {
    const [entry] = await ctx.platform.database.db
      .select()
      .from(waitlistEntries)
      .where(and(eq(waitlistEntries.id, id), eq(waitlistEntries.userId, principal.userId)));
    if (!entry) throw notFound('Waitlist entry', 'TICKETING.WAITLIST_ENTRY_NOT_FOUND');
  }
}

/** Offers any free seats of a ticket type to its waitlist now (the job behind releases). */
export async function offerFreedSeats(
  ctx: TicketingContext,
  eventId: number,
  ticketTypeId: number,
) {
  return ctx.platform.database.transaction((tx) => offerWaitlist(ctx, tx, eventId, ticketTypeId));
}
