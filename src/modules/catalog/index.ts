import type { App } from '../../platform/http/types.js';
import { categoryRoutes } from './categories/categories.routes.js';
import { completionJob } from './jobs/completion.job.js';
import { discoveryRoutes } from './discovery/discovery.routes.js';
import { EventCache } from './events/event-cache.js';
import { load as loadSaleRules, type EventSaleRules } from './sales/sale-rules-cache.js';
import type { Platform } from '../../platform/platform.js';
import { eventRoutes } from './events/events.routes.js';
import { mediaRoutes } from './media/media.routes.js';
import { partRoutes } from './events/parts.routes.js';
import { subscribeOrganizerNames } from './subscribers/organizer-names.subscriber.js';
import { templateRoutes } from './templates/templates.routes.js';

export { CATALOG_ERRORS, type CatalogErrorCode } from './catalog.errors.js';
export {
  CATALOG_EVENTS,
  type CatalogEventName,
  type CatalogEventPayload,
  type EventCancelledPayload,
} from './catalog.events.js';
export { onEventCancelling, type EventCancellationStep } from './events/event-cancellation.js';
export {
  getEventForSale,
  getEventOccurrences,
  inventory,
  type EventForSale,
  type OccurrenceForSale,
  type TicketTypeForSale,
} from './sales/sales-api.js';
export { loadEventView, loadEventViews, setEventPopularity } from './events/events.repository.js';
export { Event, EventId, type EventView } from './events/events.schemas.js';
export {
  type EventAnnotations,
  type EventReader,
  type EventViewer,
} from './events/event-readers.js';
export {
  listEvents,
  type DiscoveryFacet,
  type DiscoveryQuery,
  type DiscoverySort,
  type EventList,
} from './discovery/discovery.service.js';
export { MAX_PRICE_FILTER_MINOR } from './discovery/discovery.schemas.js';
export {
  createEvent,
  deleteEvent,
  mutateEvent,
  publishEvent,
  replaceEvent,
} from './events/events.service.js';
export { updateOccurrence, updateTicketType } from './events/parts.service.js';

export type { EventSaleRules, TicketTypeRules } from './sales/sale-rules-cache.js';

const caches = new WeakMap<Platform, EventCache>();

/**
 * An event's sale rules (status, dates, ticket types with prices, windows and
 * per-order limits; no live seat counters), from this process's cache when
 * the catalogue's change listener runs, else read now. Null when the event
 * does not exist. Edits reach the cache at commit (NOTIFY), so a sale may
 * use rules a few milliseconds old; seat counters are never taken from here.
 */
export function getEventSaleRules(
  platform: Platform,
  eventId: number,
): Promise<EventSaleRules | null> {
  const cache = caches.get(platform);
  const { db } = platform.database;
  return cache ? cache.sale.get(db, eventId) : loadSaleRules(db, eventId);
}

/**
 * A value that changes whenever this process hears of a change to the event,
 * seat counters included; given one of its ticket types, of any change but
 * the other types' seat counters (undefined when it cannot hear of changes).
 * Equal values before and after mean no such change was notified in between:
 * ticketing uses it to keep "sold out" answers until seats may have come back.
 */
export function eventChangeMark(
  platform: Platform,
  eventId: number,
  ticketTypeId?: number,
): number | undefined {
  return caches.get(platform)?.sale.changeMark(eventId, ticketTypeId);
}

/** The events catalogue: events, occurrences, ticket types, categories, templates, images, search. */
export async function catalogModule(app: App): Promise<void> {
  const { platform } = app;
  const cache = new EventCache();
  caches.set(platform, cache);
  app.addHook('onReady', async () => {
    if (!platform.config.catalogCache) return;
    await cache.listen(platform.database.url, platform.log).catch((error: unknown) => {
      platform.log.warn({ err: error }, 'catalogue cache disabled: cannot LISTEN');
    });
  });
  app.addHook('onClose', () => cache.close());

  subscribeOrganizerNames(platform.bus);

  platform.jobs.register(completionJob(platform));

  await categoryRoutes(app);
  await templateRoutes(app);
  await discoveryRoutes(app, cache);
  await eventRoutes(app, cache);
  await partRoutes(app);
  await mediaRoutes(app);
}
