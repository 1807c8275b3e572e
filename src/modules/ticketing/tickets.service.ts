import { and, asc, count, desc, eq, gt, lte, or, isNull, type SQL } from 'drizzle-orm';
import QRCode from 'qrcode';
import { notFound } from '../../platform/http/errors.js';
import type { PageRequest, SortTerm } from '../../platform/http/pagination.js';
import type { Principal } from '../../platform/http/principal.js';
import type { TicketingContext } from './ticketing.context.js';
import { orders, tickets } from './ticketing.tables.js';
import { TICKETING_ERRORS } from './ticketing.errors.js';

type TicketRow = typeof tickets.$inferSelect;

export function ticketView(t: TicketRow & { orderNumber?: string; eventStartsAt?: Date | null }) {
  return {
    id: t.id,
    orderId: t.orderId,
    eventId: t.eventId,
    ticketTypeId: t.ticketTypeId,
    attendeeName: t.attendeeName,
    attendeeEmail: t.attendeeEmail,
    code: t.code,
    status: t.status,
    createdAt: t.createdAt.toISOString(),
  };
}

/** A ticket for its holder or the event's staff; anyone else gets 404. */
export async function getTicket(ctx: TicketingContext, principal: Principal, id: string) {
  const { db } = ctx.platform.database;
  const [ticket] = await db.select().from(tickets).where(eq(tickets.id, id));
  if (!ticket) throw notFound('Ticket', TICKETING_ERRORS.ticketNotFound);
  if (ticket.userId !== principal.userId) {
    const event = await ctx.catalog.getEventForSale(db, ticket.eventId);
    if (
      !event ||
      !(await ctx.identity.canActFor(
        ctx.platform.database.db,
        principal,
        event.organizerId,
        'staff',
      ))
    )
      throw notFound('Ticket', TICKETING_ERRORS.ticketNotFound);
  }
  return ticketView(ticket);
}

/** The QR image of a ticket's signed code, as SVG or PNG. */
export async function ticketQr(
  ctx: TicketingContext,
  principal: Principal,
  id: string,
  format: 'svg' | 'png',
): Promise<{ contentType: string; body: string | Buffer }> {
  const ticket = await getTicket(ctx, principal, id);
  if (format === 'png') {
    return {
      contentType: 'image/png',
      body: await QRCode.toBuffer(ticket.code, {
        errorCorrectionLevel: 'M',
        margin: 2,
        width: 320,
      }),
    };
  }
  return {
    contentType: 'image/svg+xml',
    body: await QRCode.toString(ticket.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
  };
}

export type When = 'upcoming' | 'past';

/** Upcoming: not yet ended (or unscheduled); past: ended. Uses the dates copied at purchase. */
export function whenFilter(when: When | undefined): SQL | undefined {
  if (!when) return undefined;
  const now = new Date();
  return when === 'upcoming'
    ? or(isNull(orders.eventEndsAt), gt(orders.eventEndsAt, now))
    : lte(orders.eventEndsAt, now);
}

export const MY_TICKET_SORT = ['createdAt', 'eventStartsAt'] as const;

/** The caller's tickets, newest first by default. */
export async function listMyTickets(
  ctx: TicketingContext,
  principal: Principal,
  filter: { when?: When; status?: 'valid' | 'cancelled' },
  pageReq: PageRequest,
  sort: SortTerm<(typeof MY_TICKET_SORT)[number]>[],
) {
  const { db } = ctx.platform.database;
  const where = and(
    eq(tickets.userId, principal.userId),
    filter.status ? eq(tickets.status, filter.status) : undefined,
    whenFilter(filter.when),
  );
  const columns = { createdAt: tickets.createdAt, eventStartsAt: orders.eventStartsAt };
  const rows = await db
    .select({ ticket: tickets })
    .from(tickets)
    .innerJoin(orders, eq(orders.id, tickets.orderId))
    .where(where)
    .orderBy(
      ...sort.map((s) => (s.direction === 'asc' ? asc : desc)(columns[s.field])),
      asc(tickets.id),
    )
    .limit(pageReq.limit)
    .offset(pageReq.offset);
  const [total] = await db
    .select({ n: count() })
    .from(tickets)
    .innerJoin(orders, eq(orders.id, tickets.orderId))
    .where(where);
  return { items: rows.map((r) => ticketView(r.ticket)), total: total?.n ?? 0 };
}
