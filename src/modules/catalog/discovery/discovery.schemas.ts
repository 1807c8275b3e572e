import { Type, type Static } from 'typebox';
import { PageMeta } from '../../../platform/http/envelope.js';
import { describedPattern } from '../../../platform/http/field-messages.js';
import { PaginationQuery } from '../../../platform/http/pagination.js';
import { Event } from '../events/events.schemas.js';

const DateParam = Type.String({
  pattern: describedPattern(
    '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?)?$',
    'must be an ISO 8601 date or date-time such as 2027-05-01 or 2027-05-01T19:30:00Z',
  ),
  description: 'ISO 8601 date or date-time; a date alone covers the whole day (UTC)',
});

/** The largest price filter, in minor units: prices are int columns (PostgreSQL's int4). */
export const MAX_PRICE_FILTER_MINOR = 2_147_483_647;
const PriceFilter = Type.Integer({
  minimum: 0,
  maximum: MAX_PRICE_FILTER_MINOR,
  description: 'minor units',
});

/** The query string of an event search (`GET /v1/events`), read by discoveryQueryOf. */
export const DiscoveryQueryString = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 200 })),
    category: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 20 })),
    tags: Type.Optional(Type.Array(Type.String({ maxLength: 400 }), { maxItems: 20 })),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    near: Type.Optional(
      Type.String({
        pattern: describedPattern(
          '^-?\\d{1,3}(\\.\\d+)?,-?\\d{1,3}(\\.\\d+)?$',
          'must be lat,lng such as 52.37,4.89',
        ),
        description: 'lat,lng',
      }),
    ),
    radiusKm: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 500 })),
    dateFrom: Type.Optional(DateParam),
    dateTo: Type.Optional(DateParam),
    upcoming: Type.Optional(Type.Boolean({ default: true })),
    availableOnly: Type.Optional(Type.Boolean()),
    minPrice: Type.Optional(PriceFilter),
    maxPrice: Type.Optional(PriceFilter),
    organizerId: Type.Optional(Type.String({ format: 'uuid' })),
    free: Type.Optional(Type.Boolean()),
    facets: Type.Optional(Type.String({ maxLength: 50, description: 'category,city,price' })),
    sort: Type.Optional(
      Type.String({
        maxLength: 200,
        description:
          'Comma-separated fields, - prefix for descending: startsAt (default), price, title, createdAt, relevance (needs q; the default with q), distance (needs near), popularity (recent views, favourites and tickets sold with time decay, recomputed every few minutes; ties soonest first). relevance and popularity are best first either way.',
      }),
    ),
    ...PaginationQuery,
  },
  { additionalProperties: false },
);
export type DiscoveryQueryString = Static<typeof DiscoveryQueryString>;

/** A listed event; a geo search (near=) adds its distance. */
export const EventListItem = Type.Object({
  ...Event.properties,
  distanceKm: Type.Optional(
    Type.Number({ description: 'With near=: km to the nearest located occurrence' }),
  ),
});
export type EventListItem = Static<typeof EventListItem>;

export const FacetValue = Type.Object({ value: Type.String(), count: Type.Integer() });
export const EventListResponse = Type.Object({
  success: Type.Literal(true),
  data: Type.Array(EventListItem),
  meta: Type.Object({
    ...PageMeta.properties,
    facets: Type.Optional(
      Type.Object({
        category: Type.Optional(Type.Array(FacetValue)),
        city: Type.Optional(Type.Array(FacetValue)),
        price: Type.Optional(
          Type.Array(
            Type.Object({
              value: Type.String(),
              min: Type.Integer(),
              max: Type.Union([Type.Integer(), Type.Null()]),
              count: Type.Integer(),
            }),
          ),
        ),
      }),
    ),
  }),
});
