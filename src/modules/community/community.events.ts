/** Names of the domain events community publishes. */
export const COMMUNITY_EVENTS = {
  favoriteAdded: 'community.favorite.added',
  favoriteRemoved: 'community.favorite.removed',
} as const;

export interface FavoritePayload {
  userId: string;
  eventId: number;
}

/** Ticketing's events that feed purchases; community only listens to them. */
export const ORDER_CONFIRMED = 'ticketing.order.confirmed';
export const ORDER_CANCELLED = 'ticketing.order.cancelled';
