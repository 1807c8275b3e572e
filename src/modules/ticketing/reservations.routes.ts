import type { FastifyRequest } from 'fastify';

import { Envelope, ListEnvelope, ok, page, problems } from '../../platform/http/envelope.js';
import { pageRequest } from '../../platform/http/pagination.js';
import { IdempotencyHeaders, withIdempotency } from '../../platform/http/idempotency.js';
import type { Principal } from '../../platform/http/principal.js';
import type { App } from '../../platform/http/types.js';
import { checkout } from './orders.service.js';
import {
  getReservation,
  listMyReservations,
  releaseReservation,
  reserve,
} from './reservations.service.js';
import type { TicketingContext } from './ticketing.context.js';
import {
  CheckoutBody,
  EventParams,
  MyReservationsQuery,
  Order,
  Reservation,
  ReservationBody,
  UuidParams,
} from './ticketing.schemas.js';

/** The signed-in caller on a route declared with `auth: true`. */
export const caller = (request: FastifyRequest): Principal => request.principal!;

const tags = ['ticketing'];

export function reservationRoutes(app: App, ctx: TicketingContext): void {
  app.post(
    '/v1/events/:id/reservations',
    {
      config: { auth: true },
      schema: {
        summary: 'Hold seats for a few minutes (all or nothing)',
        description:
          'Checks sales window, per-order and per-person limits, then holds the seats until `expiresAt`. Honours `Idempotency-Key`.',
        tags,
        params: EventParams,
        headers: IdempotencyHeaders,
        body: ReservationBody,
        response: { 201: Envelope(Reservation), ...problems(400, 401, 403, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const answer = await withIdempotency(ctx.platform.database, request, async () => ({
        status: 201 as const,
        body: ok(await reserve(ctx, caller(request), request.params.id, request.body.items)),
      }));
      return reply.code(answer.status as 201).send(answer.body as never);
    },
  );

  app.get(
    '/v1/me/reservations',
    {
      config: { auth: true },
      schema: {
        summary: 'My reservations (holds), newest first',
        description:
          'Every reservation of the caller: what it holds and until when, and whether it lapsed, was released or became an order. A hold whose answer was lost (a 503 after commit) shows here, and counts against the per-person limit until it lapses or is released.',
        tags,
        querystring: MyReservationsQuery,
        response: { 200: ListEnvelope(Reservation), ...problems(400, 401) },
      },
    },
    async (request) => {
      const q = request.query;
      const req = pageRequest(q);
      const { items, total } = await listMyReservations(
        ctx,
        caller(request),
        { state: q.status, eventId: q.eventId },
        req,
      );
      return page(items, { page: req.page, limit: req.limit, total });
    },
  );

  app.get(
    '/v1/reservations/:id',
    {
      config: { auth: true },
      schema: {
        summary: 'One of my reservations',
        tags,
        params: UuidParams,
        response: { 200: Envelope(Reservation), ...problems(400, 401, 404) },
      },
    },
    async (request) => ok(await getReservation(ctx, caller(request), request.params.id)),
  );

  app.delete(
    '/v1/reservations/:id',
    {
      config: { auth: true },
      schema: {
        summary: 'Release my reservation before checkout',
        tags,
        params: UuidParams,
        response: { 200: Envelope(Reservation), ...problems(400, 401, 404, 409) },
      },
    },
    async (request) => ok(await releaseReservation(ctx, caller(request), request.params.id)),
  );

  app.post(
    '/v1/reservations/:id/checkout',
    {
      config: { auth: true },
      schema: {
        summary: 'Turn my reservation into an order',
        description:
          'One attendee per seat. `free` orders are confirmed at once; `offline` orders wait for the organizer to mark them paid. Honours `Idempotency-Key`.',
        tags,
        params: UuidParams,
        headers: IdempotencyHeaders,
        body: CheckoutBody,
        response: { 201: Envelope(Order), ...problems(400, 401, 404, 409, 422, 429) },
      },
    },
    async (request, reply) => {
      const answer = await withIdempotency(ctx.platform.database, request, async () => ({
        status: 201 as const,
        body: ok(await checkout(ctx, caller(request), request.params.id, request.body)),
      }));
      return reply.code(answer.status as 201).send(answer.body as never);
    },
  );
}
