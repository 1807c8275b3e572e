import { Type } from 'typebox';
import { PaginationQuery, SortQuery } from '../../platform/http/pagination.js';
import { Event, EventId } from '../catalog/index.js';
import { REASONS } from './ranking.js';

/** Community's routes name the event `:eventId`, with the catalogue's id schema. */
export const EventIdParams = Type.Object({ eventId: EventId });

export const FavoriteListQuery = Type.Object(
  {
    ...PaginationQuery,
    when: Type.Optional(
      Type.Union([Type.Literal('upcoming'), Type.Literal('past'), Type.Literal('all')], {
        default: 'upcoming',
        description: 'upcoming (default): not yet ended; past: ended; all',
      }),
    ),
    sort: SortQuery,
  },
  { additionalProperties: false },
);

export const FAVORITE_SORTS = ['favoritedAt', 'startsAt', 'title'] as const;

export const FavoriteEvent = Type.Object({
  ...Event.properties,
  favorited: Type.Literal(true),
  favoriteCount: Type.Integer({ minimum: 0 }),
  favoritedAt: Type.String({ format: 'date-time' }),
});

export const FavoriteState = Type.Object({
  eventId: Type.Integer(),
  favorited: Type.Boolean(),
  favoriteCount: Type.Integer({ minimum: 0 }),
});

export const TrendingQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    category: Type.Optional(Type.String({ maxLength: 60 })),
  },
  { additionalProperties: false },
);

export const TrendingEvent = Type.Object({
  ...Event.properties,
  popularity: Type.Number({ description: 'Decayed activity score (views, favourites, tickets)' }),
  favorited: Type.Boolean(),
  favoriteCount: Type.Integer({ minimum: 0 }),
});

export const RecommendationQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) },
  { additionalProperties: false },
);

export const Recommendation = Type.Object({
  event: Event,
  score: Type.Number(),
  reason: Type.Object({
    code: Type.Union([
      Type.Literal(REASONS.coFavorited),
      Type.Literal(REASONS.purchasedCategory),
      Type.Literal(REASONS.favoriteCategory),
      Type.Literal(REASONS.preferredCategory),
      Type.Literal(REASONS.trending),
    ]),
    message: Type.String(),
    category: Type.Optional(Type.String()),
    becauseOfEventId: Type.Optional(Type.Integer()),
  }),
});
