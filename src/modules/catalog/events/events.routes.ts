import { Type } from 'typebox';
import { Envelope, problems } from '../../../platform/http/envelope.js';
import { PaginationQuery } from '../../../platform/http/pagination.js';
import type { App } from '../../../platform/http/types.js';
import { discoveryQueryOf } from '../discovery/discovery.params.js';
import { eventListBody } from '../discovery/discovery.routes.js';
import { DiscoveryQueryString, EventListResponse } from '../discovery/discovery.schemas.js';
import type { CatalogContext } from '../catalog.context.js';
import { listMemberEvents, listOrganizerEvents, readEventPage } from './event-reads.js';
import { ifMatch, sendEvent, sendEventPage } from './event-replies.js';
import {
  Event,
  EventCreate,
  EventIdParams,
  EventPatch,
  EventReplace,
  EventStatus,
} from './events.schemas.js';
import {
  cancelEvent,
  createEvent,
  deleteEvent,
  patchEvent,
  publishEvent,
  replaceEvent,
} from './events.service.js';

const write = { permission: 'events:write' as const };
const secured = [{ bearerAuth: [] }];

const OrganizerEventsQuery = Type.Object(
  {
    status: Type.Optional(Type.Array(EventStatus, { maxItems: 4 })),
    q: DiscoveryQueryString.properties.q,
    upcoming: Type.Optional(Type.Boolean({ default: false })),
    sort: DiscoveryQueryString.properties.sort,
    ...PaginationQuery,
  },
  { additionalProperties: false },
);

/** Organizer workflow on events and the public read by id. */
export async function eventRoutes(app: App, ctx: CatalogContext): Promise<void> {
  const { readers } = ctx;

  app.post(
    '/v1/events',
    {
      config: write,
      schema: {
        summary: 'Create a draft event (optionally from a template)',
        tags: ['catalog'],
        security: secured,
        body: EventCreate,
        response: { 201: Envelope(Event), ...problems(400, 401, 403) },
      },
    },
    async (request, reply) =>
      sendEvent(reply, await createEvent(ctx, request.principal, request.body), 201),
  );

  app.get(
    '/v1/events/:id',
    {
      schema: {
        summary: 'Get an event (drafts only for its organizer)',
        tags: ['catalog'],
        params: EventIdParams,
        response: { 200: Envelope(Event), 304: Type.Null(), ...problems(400, 404) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const page = await readEventPage(ctx, request.principal, id, (body) =>
        String(reply.serialize(body)),
      );
      return sendEventPage(request, reply, readers, id, page);
    },
  );

  app.put(
    '/v1/events/:id',
    {
      config: write,
      schema: {
        summary: 'Replace an event (If-Match honoured)',
        tags: ['catalog'],
        security: secured,
        params: EventIdParams,
        body: EventReplace,
        response: { 200: Envelope(Event), ...problems(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) =>
      sendEvent(
        reply,
        await replaceEvent(
          ctx,
          request.principal,
          request.params.id,
          request.body,
          ifMatch(request),
        ),
      ),
  );

  app.patch(
    '/v1/events/:id',
    {
      config: write,
      schema: {
        summary: 'Change some fields of an event (If-Match honoured)',
        tags: ['catalog'],
        security: secured,
        params: EventIdParams,
        body: EventPatch,
        response: { 200: Envelope(Event), ...problems(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) =>
      sendEvent(
        reply,
        await patchEvent(ctx, request.principal, request.params.id, request.body, ifMatch(request)),
      ),
  );

  app.delete(
    '/v1/events/:id',
    {
      config: write,
      schema: {
        summary: 'Delete an event nothing was sold of',
        tags: ['catalog'],
        security: secured,
        params: EventIdParams,
        response: { 204: Type.Null(), ...problems(401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      await deleteEvent(ctx, request.principal, request.params.id, ifMatch(request));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/v1/events/:id/publish',
    {
      config: write,
      schema: {
        summary: 'Publish a complete draft',
        tags: ['catalog'],
        security: secured,
        params: EventIdParams,
        response: { 200: Envelope(Event), ...problems(401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      sendEvent(reply, await publishEvent(ctx, request.principal, request.params.id)),
  );

  app.post(
    '/v1/events/:id/cancel',
    {
      config: write,
      schema: {
        summary: 'Cancel an event (ticketing and notifications are told)',
        description:
          'The body is optional; `reason` is shown on the event and passed on with the cancellation. Orders are cancelled and holds released before the answer, so its seat counts are current.',
        tags: ['catalog'],
        security: secured,
        params: EventIdParams,
        body: Type.Union([
          Type.Object(
            { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })) },
            { additionalProperties: false },
          ),
          Type.Null(),
        ]),
        response: { 200: Envelope(Event), ...problems(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) =>
      sendEvent(
        reply,
        await cancelEvent(ctx, request.principal, request.params.id, request.body ?? {}),
      ),
  );

  app.get(
    '/v1/organizers/:organizerId/events',
    {
      schema: {
        summary: "An organizer's events (all statuses for its members, public ones otherwise)",
        tags: ['catalog'],
        params: Type.Object({ organizerId: Type.String({ format: 'uuid' }) }),
        querystring: OrganizerEventsQuery,
        response: { 200: EventListResponse, ...problems(400) },
      },
    },
    async (request) => {
      const { status, ...rest } = request.query;
      const query = {
        ...discoveryQueryOf(rest),
        upcoming: rest.upcoming ?? false,
        statuses: status,
      };
      const { organizerId } = request.params;
      return eventListBody(await listOrganizerEvents(ctx, request.principal, organizerId, query));
    },
  );

  app.get(
    '/v1/me/events',
    {
      config: { auth: true },
      schema: {
        summary: 'Events of every organizer the signed-in user belongs to (all statuses)',
        description:
          "Drafts included, for any member role. Same filters, sort and paging as an organizer's event list.",
        tags: ['catalog'],
        security: secured,
        querystring: OrganizerEventsQuery,
        response: { 200: EventListResponse, ...problems(400, 401) },
      },
    },
    async (request) => {
      const { status, ...rest } = request.query;
      const query = {
        ...discoveryQueryOf(rest),
        upcoming: rest.upcoming ?? false,
        statuses: status,
      };
      return eventListBody(await listMemberEvents(ctx, request.principal!.userId, query));
    },
  );
}
