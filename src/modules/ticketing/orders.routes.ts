import { Envelope, ListEnvelope, ok, page, problems } from '../../platform/http/envelope.js';
import { pageRequest, parseSort } from '../../platform/http/pagination.js';
import type { App } from '../../platform/http/types.js';
import {
  attendeesCsv,
  listEventOrders,
  listMyOrders,
  ORDER_SORT,
  salesSummary,
} from './order-lists.service.js';
import { cancelOrder } from './order-cancellation.service.js';
import { markPaid, orderFor, orderView } from './orders.service.js';
import { caller } from './reservations.routes.js';
import type { TicketingContext } from './ticketing.context.js';
import type { OrderStatus } from './ticketing.rules.js';
import {
  EventOrdersQuery,
  EventParams,
  MyOrdersQuery,
  Order,
  SalesSummary,
  UuidParams,
} from './ticketing.schemas.js';

const tags = ['ticketing'];
const DEFAULT_SORT = [{ field: 'createdAt' as const, direction: 'desc' as const }];

export function orderRoutes(app: App, ctx: TicketingContext): void {
  app.get(
    '/v1/orders/:id',
    {
      config: { auth: true },
      schema: {
        summary: 'An order (its buyer, or the organizer team)',
        tags,
        params: UuidParams,
        response: { 200: Envelope(Order), ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const { db } = ctx.platform.database;
      const { order } = await orderFor(ctx, db, caller(request), request.params.id);
      return ok(await orderView(db, order));
    },
  );

  app.post(
    '/v1/orders/:id/cancel',
    {
      config: { auth: true },
      schema: {
        summary: 'Cancel an order',
        description:
          'The buyer until the cancellation deadline; the organizer (manager and up) at any time. Paid orders get a refund record.',
        tags,
        params: UuidParams,
        response: { 200: Envelope(Order), ...problems(400, 401, 404, 409) },
      },
    },
    async (request) => ok(await cancelOrder(ctx, caller(request), request.params.id)),
  );

  app.post(
    '/v1/orders/:id/mark-paid',
    {
      config: { auth: true },
      schema: {
        summary: 'Record an offline payment (organizer manager and up)',
        tags,
        params: UuidParams,
        response: { 200: Envelope(Order), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) => ok(await markPaid(ctx, caller(request), request.params.id)),
  );

  app.get(
    '/v1/me/orders',
    {
      config: { auth: true },
      schema: {
        summary: 'My orders',
        tags,
        querystring: MyOrdersQuery,
        response: { 200: ListEnvelope(Order), ...problems(400, 401) },
      },
    },
    async (request) => {
      const q = request.query;
      const req = pageRequest(q);
      const { items, total } = await listMyOrders(
        ctx,
        caller(request),
        { status: q.status as OrderStatus | undefined, when: q.when },
        req,
        parseSort(q.sort, ORDER_SORT, DEFAULT_SORT),
      );
      return page(items, { page: req.page, limit: req.limit, total });
    },
  );

  app.get(
    '/v1/events/:id/orders',
    {
      config: { auth: true },
      schema: {
        summary: "An event's orders (organizer team)",
        tags,
        params: EventParams,
        querystring: EventOrdersQuery,
        response: { 200: ListEnvelope(Order), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const q = request.query;
      const req = pageRequest(q);
      const { items, total } = await listEventOrders(
        ctx,
        caller(request),
        request.params.id,
        { status: q.status as OrderStatus | undefined, q: q.q },
        req,
        parseSort(q.sort, ORDER_SORT, DEFAULT_SORT),
      );
      return page(items, { page: req.page, limit: req.limit, total });
    },
  );

  app.get(
    '/v1/events/:id/attendees/export',
    {
      config: { auth: true },
      schema: {
        summary: 'Attendee list as CSV (organizer team)',
        tags,
        params: EventParams,
        produces: ['text/csv'],
        response: { 200: { type: 'string' }, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const csv = await attendeesCsv(ctx, caller(request), request.params.id);
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="event-${request.params.id}-attendees.csv"`,
        )
        .send(csv);
    },
  );

  app.get(
    '/v1/events/:id/sales-summary',
    {
      config: { auth: true },
      schema: {
        summary: 'Sales per ticket type: capacity, sold, held, available, revenue (organizer team)',
        tags,
        params: EventParams,
        response: { 200: Envelope(SalesSummary), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => ok(await salesSummary(ctx, caller(request), request.params.id)),
  );
}
