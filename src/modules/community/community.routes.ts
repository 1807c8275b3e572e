import { Type } from 'typebox';
import { Envelope, ListEnvelope, ok, page, problems } from '../../platform/http/envelope.js';
import { unauthorized } from '../../platform/http/errors.js';
import { pageRequest, parseSort } from '../../platform/http/pagination.js';
import type { App } from '../../platform/http/types.js';
import {
  EventIdParams,
  FAVORITE_SORTS,
  FavoriteEvent,
  FavoriteListQuery,
  FavoriteState,
  Recommendation,
  RecommendationQuery,
  TrendingEvent,
  TrendingQuery,
} from './community.schemas.js';
import type { CommunityService } from './community.service.js';
import type { EventView } from '../catalog/index.js';

const userOf = (request: { principal: { userId: string } | null }) => {
  if (!request.principal) throw unauthorized();
  return request.principal.userId;
};

/** Native favourites, trending and recommendations under /v1. */
export async function communityRoutes(
  app: App,
  { community }: { community: CommunityService<EventView> },
): Promise<void> {
  const state = async (userId: string | null, eventId: number) => {
    const annotation = (await community.annotate(userId, [eventId])).get(eventId)!;
    return { eventId, ...annotation };
  };

  app.get(
    '/v1/me/favorites',
    {
      config: { auth: true },
      schema: {
        summary: 'My saved events',
        description: `Paginated; \`when\` filters upcoming (default) or past events; \`sort\` from ${FAVORITE_SORTS.join(', ')} (default -favoritedAt).`,
        tags: ['community'],
        querystring: FavoriteListQuery,
        response: { 200: ListEnvelope(FavoriteEvent), ...problems(400, 401) },
      },
    },
    async (request) => {
      const userId = userOf(request);
      const { page: pageNumber, limit } = pageRequest(request.query);
      const [sort] = parseSort(request.query.sort, FAVORITE_SORTS, [
        { field: 'favoritedAt', direction: 'desc' },
      ]);
      const { items, total } = await community.listFavorites(userId, {
        when: request.query.when ?? 'upcoming',
        sort: sort!,
        page: pageNumber,
        limit,
      });
      const counts = await community.annotate(
        userId,
        items.map((e) => e.id),
      );
      return page(
        items.map((e) => ({
          ...e,
          favorited: true as const,
          favoriteCount: counts.get(e.id)?.favoriteCount ?? 1,
          favoritedAt: e.favoritedAt.toISOString(),
        })),
        { page: pageNumber, limit, total },
      );
    },
  );

  app.put(
    '/v1/me/favorites/:eventId',
    {
      config: { auth: true },
      schema: {
        summary: 'Save an event (idempotent)',
        description: '201 when saved now, 200 when it was already saved.',
        tags: ['community'],
        params: EventIdParams,
        response: {
          200: Envelope(FavoriteState),
          201: Envelope(FavoriteState),
          ...problems(400, 401, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const userId = userOf(request);
      const { created } = await community.addFavorite(userId, request.params.eventId);
      reply.code(created ? 201 : 200);
      return ok(await state(userId, request.params.eventId));
    },
  );

  app.delete(
    '/v1/me/favorites/:eventId',
    {
      config: { auth: true },
      schema: {
        summary: 'Unsave an event (idempotent)',
        tags: ['community'],
        params: EventIdParams,
        response: { 204: Type.Null(), ...problems(400, 401) },
      },
    },
    async (request, reply) => {
      await community.removeFavorite(userOf(request), request.params.eventId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/events/:eventId/favorites',
    {
      schema: {
        summary: "An event's favourite count, and whether I saved it",
        tags: ['community'],
        params: EventIdParams,
        response: { 200: Envelope(FavoriteState), ...problems(400, 404) },
      },
    },
    async (request) => {
      await community.requireEvent(request.params.eventId);
      return ok(await state(request.principal?.userId ?? null, request.params.eventId));
    },
  );

  app.get(
    '/v1/events/trending',
    {
      schema: {
        summary: 'Trending upcoming events',
        description:
          'Ranked by recent activity (views deduplicated per viewer per hour, favourites, tickets sold) with time decay; scores are recomputed every few minutes.',
        tags: ['community'],
        querystring: TrendingQuery,
        response: { 200: Envelope(Type.Array(TrendingEvent)), ...problems(400) },
      },
    },
    async (request) => {
      const events = await community.trending({
        limit: request.query.limit ?? 20,
        category: request.query.category,
      });
      const annotations = await community.annotate(
        request.principal?.userId ?? null,
        events.map((e) => e.id),
      );
      return ok(events.map((e) => ({ ...e, ...annotations.get(e.id)! })));
    },
  );

  app.get(
    '/v1/recommendations',
    {
      config: { auth: true },
      schema: {
        summary: 'Upcoming events recommended for me, each with its reason',
        tags: ['community'],
        querystring: RecommendationQuery,
        response: { 200: Envelope(Type.Array(Recommendation)), ...problems(400, 401) },
      },
    },
    async (request) => ok(await community.recommend(userOf(request), request.query.limit ?? 20)),
  );
}
