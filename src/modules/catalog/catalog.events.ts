import { Type } from 'typebox';
import { defineEvents, type EventPayload } from '../../platform/events/event-catalogue.js';

const EventRef = { eventId: Type.Integer() };

/**
 * The domain events the catalogue records in the outbox, with their payloads
 * as stored. (The NOTIFY on `catalog_event_changed` that keeps caches fresh is
 * not a domain event: it never passes through the outbox.)
 */
export const catalogEvents = defineEvents({
  'catalog.event.published': Type.Object(EventRef, { additionalProperties: false }),
  'catalog.event.cancelled': Type.Object(
    { ...EventRef, reason: Type.Union([Type.String(), Type.Null()]) },
    { additionalProperties: false },
  ),
  'catalog.event.completed': Type.Object(EventRef, { additionalProperties: false }),
  'catalog.event.deleted': Type.Object(EventRef, { additionalProperties: false }),
});

/** Names of the domain events the catalogue publishes. */
export const CATALOG_EVENTS = {
  eventPublished: 'catalog.event.published',
  eventCancelled: 'catalog.event.cancelled',
  eventCompleted: 'catalog.event.completed',
  eventDeleted: 'catalog.event.deleted',
} as const satisfies Record<string, keyof typeof catalogEvents.schemas>;

export type CatalogEventName = (typeof CATALOG_EVENTS)[keyof typeof CATALOG_EVENTS];

/** Payload of every catalogue event: the event's id is the one fact consumers need. */
export type CatalogEventPayload = EventPayload<typeof catalogEvents, 'catalog.event.published'>;

/** `catalog.event.cancelled` also says why, when the organizer did. */
export type EventCancelledPayload = EventPayload<typeof catalogEvents, 'catalog.event.cancelled'>;
