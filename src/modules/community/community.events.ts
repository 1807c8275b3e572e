/** Names of the domain events community publishes. */
export const COMMUNITY_EVENTS = {
  favoriteAdded: 'community.favorite.added',
  favoriteRemoved: 'community.favorite.removed',
} as const;

export interface FavoritePayload {
  userId: string;
  eventId: number;
}

/** Ticketing's event that feeds purchases; community only listens to it. */
export const ORDER_CONFIRMED = 'ticketing.order.confirmed';
