import { and, count, countDistinct, eq, isNull, sql } from 'drizzle-orm';
import { AppError, invalidField, notFound } from '../../platform/http/errors.js';
import type { Principal } from '../../platform/http/principal.js';
import { eventForTeam } from './order-lists.service.js';
import { verifyTicketCode } from './ticket-codes.js';
import type { TicketingContext } from './ticketing.context.js';
import { ticketingEvents, TICKETING_EVENTS } from './ticketing.events.js';
import { checkIns, tickets } from './ticketing.tables.js';
import { TICKETING_ERRORS } from './ticketing.errors.js';

const unknownCode = () => notFound('Ticket for this code', TICKETING_ERRORS.ticketNotFound);

const ticketForOtherEvent = (eventId: number, ticketEventId: number) =>
  new AppError(
    TICKETING_ERRORS.ticketForOtherEvent,
    422,
    `This ticket is for event ${ticketEventId}, not for event ${eventId}.`,
    { eventId, ticketEventId },
  );

async function nameOf(ctx: TicketingContext, userId: string): Promise<string | null> {
  const contacts = await ctx.identity.getUserContacts(ctx.platform.database.db, [userId]);
  return contacts.get(userId)?.name ?? null;
}

/**
 * Which occurrence a scan or a stats request is about. A ticket admits its
 * holder once per occurrence of the event: an event with one occurrence needs
 * no `occurrenceId` (its only one is meant); an event with several needs it.
 * An occurrence of another event is a 400 naming the field.
 */
async function occurrenceOf(
  ctx: TicketingContext,
  eventId: number,
  requested: number | undefined,
  field: string,
  options: { required: boolean },
): Promise<number | null> {
  const all = await ctx.catalog.getEventOccurrences(ctx.platform.database.db, eventId);
  if (requested !== undefined) {
    if (!all.some((o) => o.id === requested))
      throw invalidField(field, `occurrence ${requested} does not belong to event ${eventId}`);
    return requested;
  }
  if (all.length === 1) return all[0]!.id;
  if (options.required && all.length > 1)
    throw invalidField(
      field,
      `event ${eventId} has ${all.length} occurrences: say which one this scan is for`,
    );
  return null;
}

/**
 * Scans a ticket code at the door (organizer staff and up). The signature is
 * checked first, so forged codes never reach the database; the unique index
 * on standing check-ins (per ticket and occurrence) decides a race between
 * two scanners.
 */
export async function checkIn(
  ctx: TicketingContext,
  principal: Principal,
  eventId: number,
  body: { code: string; occurrenceId?: number },
) {
  await eventForTeam(ctx, principal, eventId, 'staff');
  const verified = verifyTicketCode(ctx.signer.publicKey, body.code);
  if (!verified) throw unknownCode();
  // Our signature, another event: the holder is at the wrong door, not holding a fake.
  if (verified.eventId !== eventId) throw ticketForOtherEvent(eventId, verified.eventId);
  const occurrenceId = await occurrenceOf(ctx, eventId, body.occurrenceId, 'body.occurrenceId', {
    required: true,
  });
  return ctx.platform.database.transaction(async (tx) => {
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.code, body.code.trim()));
    if (!ticket || ticket.eventId !== eventId) throw unknownCode();
    if (ticket.status === 'cancelled') {
      throw new AppError(TICKETING_ERRORS.ticketCancelled, 410, 'This ticket was cancelled.', {
        ticketId: ticket.id,
      });
    }
    const [created] = await tx
      .insert(checkIns)
      .values({ ticketId: ticket.id, eventId, occurrenceId, checkedInBy: principal.userId })
      .onConflictDoNothing()
      .returning();
    if (!created) {
      const [first] = await tx
        .select()
        .from(checkIns)
        .where(
          and(
            eq(checkIns.ticketId, ticket.id),
            sql`coalesce(${checkIns.occurrenceId}, 0) = ${occurrenceId ?? 0}`,
            isNull(checkIns.undoneAt),
          ),
        );
      throw new AppError(
        TICKETING_ERRORS.alreadyCheckedIn,
        409,
        `Already checked in at ${first?.checkedInAt.toISOString() ?? 'an earlier scan'}.`,
        {
          ticketId: ticket.id,
          occurrenceId,
          attendeeName: ticket.attendeeName,
          checkedInAt: first?.checkedInAt.toISOString() ?? null,
          checkedInBy: first
            ? { userId: first.checkedInBy, name: await nameOf(ctx, first.checkedInBy) }
            : null,
        },
      );
    }
    await ticketingEvents.emit(tx, TICKETING_EVENTS.ticketCheckedIn, {
      checkInId: created.id,
      ticketId: ticket.id,
      eventId,
      occurrenceId,
      ticketTypeId: ticket.ticketTypeId,
    });
    return {
      checkInId: created.id,
      ticketId: ticket.id,
      ticketTypeId: ticket.ticketTypeId,
      attendeeName: ticket.attendeeName,
      occurrenceId,
      checkedInAt: created.checkedInAt.toISOString(),
    };
  });
}

/** Undoes a scan made by mistake, within CHECKIN_UNDO_SECONDS. */
export async function undoCheckIn(ctx: TicketingContext, principal: Principal, checkInId: string) {
  const { db } = ctx.platform.database;
  const [found] = await db.select().from(checkIns).where(eq(checkIns.id, checkInId));
  if (!found) throw notFound('Check-in', TICKETING_ERRORS.checkinNotFound);
  await eventForTeam(ctx, principal, found.eventId, 'staff').catch(() => {
    throw notFound('Check-in', TICKETING_ERRORS.checkinNotFound);
  });
  if (found.undoneAt) return;
  const ageSeconds = (Date.now() - found.checkedInAt.getTime()) / 1000;
  if (ageSeconds > ctx.settings.checkinUndoSeconds) {
    throw new AppError(
      TICKETING_ERRORS.checkinUndoExpired,
      409,
      `A check-in can be undone within ${ctx.settings.checkinUndoSeconds} seconds.`,
    );
  }
  await db.update(checkIns).set({ undoneAt: new Date() }).where(eq(checkIns.id, checkInId));
}

/**
 * Checked in versus valid tickets, per ticket type: at one occurrence when
 * `occurrenceId` is given (or the event has only one), otherwise tickets
 * checked in at any occurrence.
 */
export async function checkInStats(
  ctx: TicketingContext,
  principal: Principal,
  eventId: number,
  query: { occurrenceId?: number } = {},
) {
  const event = await eventForTeam(ctx, principal, eventId, 'staff');
  const occurrenceId = await occurrenceOf(ctx, eventId, query.occurrenceId, 'query.occurrenceId', {
    required: false,
  });
  const { db } = ctx.platform.database;
  const valid = await db
    .select({ ticketTypeId: tickets.ticketTypeId, n: count() })
    .from(tickets)
    .where(and(eq(tickets.eventId, eventId), eq(tickets.status, 'valid')))
    .groupBy(tickets.ticketTypeId);
  const scanned = await db
    .select({ ticketTypeId: tickets.ticketTypeId, n: countDistinct(checkIns.ticketId) })
    .from(checkIns)
    .innerJoin(tickets, eq(tickets.id, checkIns.ticketId))
    .where(
      and(
        eq(checkIns.eventId, eventId),
        isNull(checkIns.undoneAt),
        eq(tickets.status, 'valid'),
        occurrenceId === null ? undefined : eq(checkIns.occurrenceId, occurrenceId),
      ),
    )
    .groupBy(tickets.ticketTypeId);
  const validBy = new Map(valid.map((v) => [v.ticketTypeId, v.n]));
  const scannedBy = new Map(scanned.map((s) => [s.ticketTypeId, s.n]));
  const ticketTypes = event.ticketTypes.map((t) => ({
    ticketTypeId: t.id,
    name: t.name,
    sold: validBy.get(t.id) ?? 0,
    checkedIn: scannedBy.get(t.id) ?? 0,
  }));
  return {
    eventId,
    occurrenceId,
    sold: ticketTypes.reduce((s, t) => s + t.sold, 0),
    checkedIn: ticketTypes.reduce((s, t) => s + t.checkedIn, 0),
    ticketTypes,
  };
}
