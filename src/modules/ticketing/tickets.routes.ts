import { Type } from 'typebox';
import { Envelope, ListEnvelope, ok, page, problems } from '../../platform/http/envelope.js';
import { pageRequest, parseSort } from '../../platform/http/pagination.js';
import type { App } from '../../platform/http/types.js';
import { checkIn, checkInStats, undoCheckIn } from './check-ins.service.js';
import { caller } from './reservations.routes.js';
import { publicKeyDocument } from './ticket-codes.js';
import type { TicketingContext } from './ticketing.context.js';
import {
  CheckIn,
  CheckInBody,
  CheckInStats,
  CheckInStatsQuery,
  Order,
  EventParams,
  MyTicketsQuery,
  MyWaitlistQuery,
  PublicKey,
  QrQuery,
  Ticket,
  UuidParams,
  WaitlistBody,
  WaitlistEntry,
} from './ticketing.schemas.js';
import { cancelTicket } from './ticket-cancellation.service.js';
import { getTicket, listMyTickets, MY_TICKET_SORT, ticketQr } from './tickets.service.js';
import {
  joinWaitlist,
  leaveWaitlist,
  listMyWaitlist,
  MY_WAITLIST_SORT,
} from './waitlist.service.js';
import { TICKETING_ERRORS } from './ticketing.errors.js';

const tags = ['ticketing'];

export function ticketRoutes(app: App, ctx: TicketingContext): void {
  app.get(
    '/v1/ticketing/public-key',
    {
      schema: {
        summary: 'The Ed25519 key that verifies ticket codes offline',
        tags,
        response: { 200: Envelope(PublicKey) },
      },
    },
    async () => ok(publicKeyDocument(ctx.signer.publicKey)),
  );

  app.get(
    '/v1/tickets/:id',
    {
      config: { auth: true },
      schema: {
        summary: 'A ticket (its holder, or the event staff)',
        tags,
        params: UuidParams,
        response: { 200: Envelope(Ticket), ...problems(400, 401, 404) },
      },
    },
    async (request) => ok(await getTicket(ctx, caller(request), request.params.id)),
  );

  app.get(
    '/v1/tickets/:id/qr',
    {
      config: { auth: true },
      schema: {
        summary: "A ticket's QR code image (SVG by default, or PNG)",
        tags,
        params: UuidParams,
        querystring: QrQuery,
        produces: ['image/svg+xml', 'image/png'],
        response: {
          200: Type.Unsafe({ type: 'string', format: 'binary' }),
          ...problems(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const image = await ticketQr(
        ctx,
        caller(request),
        request.params.id,
        request.query.format ?? 'svg',
      );
      return reply
        .type(image.contentType)
        .header('cache-control', 'private, no-store')
        .send(image.body);
    },
  );

  app.post(
    '/v1/tickets/:id/cancel',
    {
      config: { auth: true },
      schema: {
        summary: 'Cancel one ticket of an order',
        description:
          'The buyer until the cancellation deadline; the organizer (manager and up) at any time. The seat returns to sale, a paid ticket gets a refund record for its price, and cancelling the last valid ticket cancels the order. Answers the order.',
        tags,
        params: UuidParams,
        response: { 200: Envelope(Order), ...problems(400, 401, 404, 409) },
      },
    },
    async (request) => ok(await cancelTicket(ctx, caller(request), request.params.id)),
  );

  app.get(
    '/v1/me/tickets',
    {
      config: { auth: true },
      schema: {
        summary: 'My tickets',
        tags,
        querystring: MyTicketsQuery,
        response: { 200: ListEnvelope(Ticket), ...problems(400, 401) },
      },
    },
    async (request) => {
      const q = request.query;
      const req = pageRequest(q);
      const { items, total } = await listMyTickets(
        ctx,
        caller(request),
        { when: q.when, status: q.status },
        req,
        parseSort(q.sort, MY_TICKET_SORT, [{ field: 'createdAt', direction: 'desc' }]),
      );
      return page(items, { page: req.page, limit: req.limit, total });
    },
  );

  app.post(
    '/v1/events/:id/check-ins',
    {
      config: { auth: true },
      schema: {
        summary: 'Scan a ticket code at the door (organizer staff and up)',
        description: `200 with the attendee on the first scan at an occurrence; 409 with when and by whom on a repeat; 404 for unknown or forged codes; 422 (\`${TICKETING_ERRORS.ticketForOtherEvent}\`) for a genuine ticket of another event; 410 for cancelled tickets; 400 when \`occurrenceId\` is not one of the event's, or is missing for an event with several occurrences; 403 for someone outside the organizer's team.`,
        tags,
        params: EventParams,
        body: CheckInBody,
        response: { 200: Envelope(CheckIn), ...problems(400, 401, 403, 404, 409, 410, 422) },
      },
    },
    async (request) => ok(await checkIn(ctx, caller(request), request.params.id, request.body)),
  );

  app.delete(
    '/v1/check-ins/:id',
    {
      config: { auth: true },
      schema: {
        summary: 'Undo a check-in made by mistake (within a short window)',
        tags,
        params: UuidParams,
        response: { 204: Type.Null(), ...problems(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      await undoCheckIn(ctx, caller(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/events/:id/check-ins/stats',
    {
      config: { auth: true },
      schema: {
        summary: 'Checked in versus sold, per ticket type (organizer staff and up)',
        tags,
        params: EventParams,
        querystring: CheckInStatsQuery,
        response: { 200: Envelope(CheckInStats), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) =>
      ok(await checkInStats(ctx, caller(request), request.params.id, request.query)),
  );

  app.post(
    '/v1/events/:id/waitlist',
    {
      config: { auth: true },
      schema: {
        summary: 'Join the waitlist of a sold-out ticket type',
        tags,
        params: EventParams,
        body: WaitlistBody,
        response: { 201: Envelope(WaitlistEntry), ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(ok(await joinWaitlist(ctx, caller(request), request.params.id, request.body))),
  );

  app.get(
    '/v1/me/waitlist',
    {
      config: { auth: true },
      schema: {
        summary: 'My waitlist entries, with the offer behind each offered one',
        tags,
        querystring: MyWaitlistQuery,
        response: { 200: ListEnvelope(WaitlistEntry), ...problems(400, 401) },
      },
    },
    async (request) => {
      const q = request.query;
      const req = pageRequest(q);
      const { items, total } = await listMyWaitlist(
        ctx,
        caller(request),
        { status: q.status, eventId: q.eventId },
        req,
        parseSort(q.sort, MY_WAITLIST_SORT, [{ field: 'createdAt', direction: 'desc' }]),
      );
      return page(items, { page: req.page, limit: req.limit, total });
    },
  );

  app.delete(
    '/v1/waitlist/:id',
    {
      config: { auth: true },
      schema: {
        summary: 'Leave a waitlist (declining an outstanding offer: its seats pass on)',
        tags,
        params: UuidParams,
        response: { 204: Type.Null(), ...problems(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await leaveWaitlist(ctx, caller(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
