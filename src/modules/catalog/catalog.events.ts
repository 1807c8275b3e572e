/** Names of the domain events the catalogue publishes. */
export const CATALOG_EVENTS = {
  eventPublished: 'catalog.event.published',
  eventCancelled: 'catalog.event.cancelled',
  eventCompleted: 'catalog.event.completed',
  eventUpdated: 'catalog.event.updated',
  eventDeleted: 'catalog.event.deleted',
} as const;

export type CatalogEventName = (typeof CATALOG_EVENTS)[keyof typeof CATALOG_EVENTS];

/** Payload of every catalogue event: the event's id is the one fact consumers need. */
export interface CatalogEventPayload {
  eventId: number;
}

/** `catalog.event.cancelled` also says why, when the organizer did. */
export interface EventCancelledPayload extends CatalogEventPayload {
  reason: string | null;
}
