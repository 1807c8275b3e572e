import { Type } from 'typebox';
import { Envelope, page, problems } from '../../../platform/http/envelope.js';
import type { App } from '../../../platform/http/types.js';
import type { CatalogContext } from '../catalog.context.js';
import { sendEventList } from '../events/event-replies.js';
import { discoveryQueryOf } from './discovery.params.js';
import { DiscoveryQueryString, EventListResponse, FacetValue } from './discovery.schemas.js';
import { listCities, listEvents, listTags, type EventList } from './discovery.service.js';

const Autocomplete = Type.Object(
  {
    prefix: Type.Optional(Type.String({ maxLength: 60, default: '' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
  },
  { additionalProperties: false },
);

/** The `{success, data, meta}` answer of an event list. */
export function eventListBody(list: EventList) {
  const body = page(list.items, list.page);
  return list.facets ? { ...body, meta: { ...body.meta, facets: list.facets } } : body;
}

/** Public discovery: the event list with filters and facets, tags and cities autocomplete. */
export async function discoveryRoutes(app: App, ctx: CatalogContext): Promise<void> {
  const { cache, readers } = ctx;
  const { db } = ctx.platform.database;

  app.get(
    '/v1/events',
    {
      schema: {
        summary: 'Discover published events (search, filters, facets)',
        tags: ['catalog'],
        querystring: DiscoveryQueryString,
        response: { 200: EventListResponse, ...problems(400) },
      },
    },
    async (request, reply) => {
      const key = request.url;
      // Cached pages are already serialized JSON; Fastify sends strings as they are.
      let text = cache.getList(key);
      if (!text) {
        const mark = cache.mark();
        const list = await listEvents(db, discoveryQueryOf(request.query));
        text = reply.serialize(eventListBody(list)) as string;
        cache.setList(key, text, mark);
      }
      return sendEventList(request, reply, readers, text);
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
    async (request) => ({
      success: true as const,
      data: await listTags(db, request.query.prefix ?? '', request.query.limit ?? 10),
    }),
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
      data: await listCities(db, request.query.prefix ?? '', request.query.limit ?? 10),
    }),
  );
}
