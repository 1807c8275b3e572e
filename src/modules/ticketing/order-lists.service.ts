import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { forbidden, notFound } from '../../platform/http/errors.js';
import type { PageRequest, SortTerm } from '../../platform/http/pagination.js';
import type { Principal } from '../../platform/http/principal.js';
import type { OrganizerRole } from '../identity/index.js';
import { orderView } from './orders.service.js';
import type { EventForSale } from '../catalog/index.js';
import type { TicketingContext } from './ticketing.context.js';
import type { OrderStatus } from './ticketing.rules.js';
import { orderLines, orders, tickets } from './ticketing.tables.js';
import { whenFilter } from './tickets.service.js';
import { CATALOG_ERRORS } from '../catalog/index.js';

export const ORDER_SORT = ['createdAt', 'totalMinor', 'number', 'eventStartsAt'] as const;
type OrderSort = SortTerm<(typeof ORDER_SORT)[number]>[];

async function pageOfOrders(
  ctx: TicketingContext,
  where: SQL | undefined,
  pageReq: PageRequest,
  sort: OrderSort,
) {
  const { db } = ctx.platform.database;
  const rows = await db
    .select()
    .from(orders)
    .where(where)
    .orderBy(
      ...sort.map((s) => (s.direction === 'asc' ? asc : desc)(orders[s.field])),
      asc(orders.id),
    )
    .limit(pageReq.limit)
    .offset(pageReq.offset);
  const [total] = await db.select({ n: count() }).from(orders).where(where);
  const items = [];
  for (const row of rows) items.push(await orderView(db, row));
  return { items, total: total?.n ?? 0 };
}

/** The caller's orders: filter by status and upcoming/past, sort from the whitelist. */
export function listMyOrders(
  ctx: TicketingContext,
  principal: Principal,
  filter: { status?: OrderStatus; when?: 'upcoming' | 'past' },
  pageReq: PageRequest,
  sort: OrderSort,
) {
  return pageOfOrders(
    ctx,
    and(
      eq(orders.userId, principal.userId),
      filter.status ? eq(orders.status, filter.status) : undefined,
      whenFilter(filter.when),
    ),
    pageReq,
    sort,
  );
}

/**
 * The event, if the principal is on its organizer's team with `minRole`.
 * An event the principal cannot see at all (missing, or a draft of another
 * team) is 404; one anybody can see is 403, which tells the truth without
 * revealing anything.
 */
export async function eventForTeam(
  ctx: TicketingContext,
  principal: Principal,
  eventId: number,
  minRole: OrganizerRole,
): Promise<EventForSale> {
  const event = await ctx.catalog.getEventForSale(ctx.platform.database.db, eventId);
  if (!event) throw notFound('Event', CATALOG_ERRORS.eventNotFound);
  if (await ctx.identity.canActFor(ctx.platform.database.db, principal, event.organizerId, minRole))
    return event;
  if (event.status === 'draft') throw notFound('Event', CATALOG_ERRORS.eventNotFound);
  throw forbidden(
    `Only the organizer's team (${minRole} and up) can do this for event ${eventId}.`,
  );
}

/** An event's orders for its organizer: filter by status, search number, buyer or attendee name/email. */
export async function listEventOrders(
  ctx: TicketingContext,
  principal: Principal,
  eventId: number,
  filter: { status?: OrderStatus; q?: string },
  pageReq: PageRequest,
  sort: OrderSort,
) {
  await eventForTeam(ctx, principal, eventId, 'staff');
  const q = filter.q?.trim();
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return pageOfOrders(
    ctx,
    and(
      eq(orders.eventId, eventId),
      filter.status ? eq(orders.status, filter.status) : undefined,
      pattern
        ? or(ilike(orders.number, pattern), sql`${orders.attendees}::text ILIKE ${pattern}`)
        : undefined,
    ),
    pageReq,
    sort,
  );
}

const csvCell = (value: unknown) => {
  let text = value === null || value === undefined ? '' : String(value);
  // Spreadsheet formula injection: a leading =, +, - or @ is made inert.
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Attendee list as CSV (one row per ticket) for the organizer's team. */
export async function attendeesCsv(ctx: TicketingContext, principal: Principal, eventId: number) {
  const event = await eventForTeam(ctx, principal, eventId, 'staff');
  const names = new Map(event.ticketTypes.map((t) => [t.id, t.name]));
  const rows = await ctx.platform.database.db
    .select({
      ticketId: tickets.id,
      orderNumber: orders.number,
      ticketTypeId: tickets.ticketTypeId,
      name: tickets.attendeeName,
      email: tickets.attendeeEmail,
      status: tickets.status,
      createdAt: tickets.createdAt,
    })
    .from(tickets)
    .innerJoin(orders, eq(orders.id, tickets.orderId))
    .where(eq(tickets.eventId, eventId))
    .orderBy(asc(tickets.createdAt), asc(tickets.id));
  const header = [
    'ticket_id',
    'order_number',
    'ticket_type',
    'attendee_name',
    'attendee_email',
    'status',
    'issued_at',
  ];
  const lines = rows.map((r) =>
    [
      r.ticketId,
      r.orderNumber,
      names.get(r.ticketTypeId) ?? r.ticketTypeId,
      r.name,
      r.email,
      r.status,
      r.createdAt.toISOString(),
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}

/**
 * Per ticket type: capacity, sold, held, available (live from the catalogue)
 * and revenue: the price of every still valid ticket of a confirmed order
 * (tickets cancelled one by one were refunded).
 */
export async function salesSummary(ctx: TicketingContext, principal: Principal, eventId: number) {
  const event = await eventForTeam(ctx, principal, eventId, 'staff');
  const revenue = await ctx.platform.database.db
    .select({
      ticketTypeId: tickets.ticketTypeId,
      revenueMinor: sql<number>`coalesce(sum(${orderLines.unitPriceMinor}), 0)::int`.mapWith(
        Number,
      ),
    })
    .from(tickets)
    .innerJoin(orders, eq(orders.id, tickets.orderId))
    .innerJoin(
      orderLines,
      and(
        eq(orderLines.orderId, tickets.orderId),
        eq(orderLines.ticketTypeId, tickets.ticketTypeId),
      ),
    )
    .where(
      and(
        eq(tickets.eventId, eventId),
        eq(tickets.status, 'valid'),
        inArray(orders.status, ['confirmed']),
      ),
    )
    .groupBy(tickets.ticketTypeId);
  const byType = new Map(revenue.map((r) => [r.ticketTypeId, r.revenueMinor]));
  return {
    eventId,
    ticketTypes: event.ticketTypes.map((t) => ({
      ticketTypeId: t.id,
      name: t.name,
      currency: t.currency,
      capacity: t.capacity,
      sold: t.sold,
      held: t.held,
      available: t.available,
      revenueMinor: byType.get(t.id) ?? 0,
    })),
  };
}
