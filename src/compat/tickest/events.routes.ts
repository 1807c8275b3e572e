import { Type } from 'typebox';
import type { App } from '../../platform/http/types.js';
import type { TickestContext } from './tickest.context.js';
import { tickestError } from './tickest.errors.js';
import { parseEventId, parseIndex, parseListQuery } from './tickest.query.js';
import {
  EventBody,
  EventIdParams,
  IndexParams,
  ListQuery,
  Message,
  SchedulePatch,
  TicketTypePatch,
  TickestEvent,
  messages,
} from './tickest.schemas.js';

const tags = ['tickest'];
const security = [{ bearerAuth: [] }];
const writeNote =
  'Needs a bearer token with the events:write permission (an API token also needs the write scope) unless TICKEST_OPEN_WRITES=true, which opens it to anonymous callers only.';

/** Tickest's /api/events routes over the catalogue's use cases. */
export async function tickestEventRoutes(app: App, { ctx }: { ctx: TickestContext }) {
  const gateway = ctx.gateway;

  const requireEvent = async (eventId: number) => {
    const event = await gateway.getEvent(eventId);
    if (!event) throw tickestError(404, 'Event not found');
    return event;
  };

  app.get(
    '/events',
    {
      schema: {
        summary: 'List events (plain array)',
        description:
          'Every Tickest filter: search, city (plain text), category, dateFrom, dateTo, availableOnly, upcoming (default true), minPrice, maxPrice, sortBy (title, date or schedule.date, price or ticketTypes.price, createdAt, eventId or _id, and popularity: most popular first whatever sortOrder), sortOrder, page, limit (default 20, at most 100).',
        tags,
        querystring: ListQuery,
        response: { 200: Type.Array(TickestEvent), ...messages(400) },
      },
    },
    async (request) => {
      const query = parseListQuery(request.query);
      const events = await gateway.listEvents(query);
      return ctx.present(request, events);
    },
  );

  app.get(
    '/events/:eventId',
    {
      schema: {
        summary: 'Get one event by its numeric eventId',
        tags,
        params: EventIdParams,
        response: { 200: TickestEvent, ...messages(400, 404) },
      },
    },
    async (request) => {
      const event = await requireEvent(parseEventId(request.params.eventId));
      ctx.community.recordView(event.id, {
        userId: request.principal?.userId,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
      });
      return ctx.presentOne(request, event);
    },
  );

  app.post(
    '/events',
    {
      schema: {
        summary: 'Create and publish an event',
        description: `eventId is assigned by the server. ${writeNote}`,
        tags,
        security,
        body: EventBody,
        response: { 201: TickestEvent, ...messages(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const writer = await ctx.eventWriter(request);
      const event = await gateway.createEvent(writer, request.body);
      reply.code(201);
      return ctx.presentOne(request, event);
    },
  );

  app.put(
    '/events/:eventId',
    {
      schema: {
        summary: 'Replace an event',
        description: `Schedule and ticket types are matched by position; ticket types with sales are kept. ${writeNote}`,
        tags,
        security,
        params: EventIdParams,
        body: EventBody,
        response: { 200: TickestEvent, ...messages(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const eventId = parseEventId(request.params.eventId);
      const writer = await ctx.eventWriter(request);
      await requireEvent(eventId);
      return ctx.presentOne(request, await gateway.replaceEvent(writer, eventId, request.body));
    },
  );

  app.delete(
    '/events/:eventId',
    {
      schema: {
        summary: 'Delete an event',
        description: `Only while no ticket was sold (409 otherwise). ${writeNote}`,
        tags,
        security,
        params: EventIdParams,
        response: { 200: Message, ...messages(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const eventId = parseEventId(request.params.eventId);
      const writer = await ctx.eventWriter(request);
      await requireEvent(eventId);
      await gateway.deleteEvent(writer, eventId);
      return { message: 'Event deleted successfully' };
    },
  );

  app.patch(
    '/events/:eventId/ticketTypes/:index',
    {
      schema: {
        summary: 'Update one ticket type by its position',
        description: `Positions follow the event's stable order of ticket types. ${writeNote}`,
        tags,
        security,
        params: IndexParams,
        body: TicketTypePatch,
        response: { 200: TickestEvent, ...messages(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const eventId = parseEventId(request.params.eventId);
      const index = parseIndex('ticketTypes index', request.params.index);
      const writer = await ctx.eventWriter(request);
      const event = await requireEvent(eventId);
      const target = event.ticketTypes[index];
      if (!target) throw tickestError(400, 'Invalid ticketTypes index');
      const updated = await gateway.patchTicketType(writer, eventId, target, request.body);
      return ctx.presentOne(request, updated);
    },
  );

  app.patch(
    '/events/:eventId/schedule/:index',
    {
      schema: {
        summary: 'Update one schedule entry by its position',
        description: `Positions follow the event's schedule in date order. ${writeNote}`,
        tags,
        security,
        params: IndexParams,
        body: SchedulePatch,
        response: { 200: TickestEvent, ...messages(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const eventId = parseEventId(request.params.eventId);
      const index = parseIndex('schedule index', request.params.index);
      const writer = await ctx.eventWriter(request);
      const event = await requireEvent(eventId);
      const target = event.occurrences[index];
      if (!target) throw tickestError(400, 'Invalid schedule index');
      const updated = await gateway.patchOccurrence(writer, event, target, request.body);
      return ctx.presentOne(request, updated);
    },
  );
}
