import { Type } from 'typebox';
import { Envelope, problems } from '../../../platform/http/envelope.js';
import type { App } from '../../../platform/http/types.js';
import type { EventCache } from '../events/event-cache.js';
import { cityCounts, tagCounts } from './discovery.query.js';
import { DiscoveryQuery, EventListResponse, FacetValue } from './discovery.schemas.js';
import { listEvents } from './discovery.service.js';
import { normalizeTags } from '../events/events.rules.js';

const Autocomplete = Type.Object(
  {
    prefix: Type.Optional(Type.String({ maxLength: 60, default: '' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  },
  { additionalProperties: false },
);

/** Public discovery: the event list with filters and facets, tags and cities autocomplete. */
export async function discoveryRoutes(app: App, cache: EventCache): Promise<void> {
  const { db } = app.platform.database;

  app.get(
    '/v1/events',
    {
      schema: {
        summary: 'Discover published events (search, filters, facets)',
        tags: ['catalog'],
        querystring: DiscoveryQuery,
        response: { 200: EventListResponse, ...problems(400) },
      },
    },
    async (request, reply) => {
      const key = request.url;
      const hit = cache.getList(key);
      reply.type('application/json; charset=utf-8');
      // Cached pages are already serialized JSON; Fastify sends strings as they are.
      if (hit) return reply.send(hit as never);
      const mark = cache.mark();
      const body = await listEvents(db, request.query, true);
      const text = reply.serialize(body) as string;
      cache.setList(key, text, mark);
      return reply.send(text as never);
    },
  );

  app.get(
    '/v1/tags',
    {
      schema: {
        summary: 'Tag autocomplete with event counts',
        tags: ['catalog'],
        querystring: Autocomplete,
        response: { 200: Envelope(Type.Array(FacetValue)), ...problems(400) },
      },
    },
    async (request) => {
      const prefix = normalizeTags([request.query.prefix ?? ''])[0] ?? '';
      return {
        success: true as const,
        data: await tagCounts(db, prefix, request.query.limit ?? 10),
      };
    },
  );

  app.get(
    '/v1/cities',
    {
      schema: {
        summary: 'City autocomplete with event counts',
        tags: ['catalog'],
        querystring: Autocomplete,
        response: { 200: Envelope(Type.Array(FacetValue)), ...problems(400) },
      },
    },
    async (request) => ({
      success: true as const,
      data: await cityCounts(db, (request.query.prefix ?? '').trim(), request.query.limit ?? 10),
    }),
  );
}
