import { Type } from 'typebox';
import { defineEvents, type EventPayload } from '../../platform/events/event-catalogue.js';

const Favorite = Type.Object(
  { userId: Type.String({ format: 'uuid' }), eventId: Type.Integer() },
  { additionalProperties: false },
);

/** The domain events community records in the outbox, with their payloads as stored. */
export const communityEvents = defineEvents({
  'community.favorite.added': Favorite,
  'community.favorite.removed': Favorite,
});

/** Names of the domain events community publishes. */
export const COMMUNITY_EVENTS = {
  favoriteAdded: 'community.favorite.added',
  favoriteRemoved: 'community.favorite.removed',
} as const satisfies Record<string, keyof typeof communityEvents.schemas>;

export type FavoritePayload = EventPayload<typeof communityEvents, 'community.favorite.added'>;
