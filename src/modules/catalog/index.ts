export { createCatalogModule, type CatalogApi } from './catalog.module.js';
export type { CatalogDeps, EventCancellationStep } from './catalog.context.js';
export { CATALOG_ERRORS, type CatalogErrorCode } from './catalog.errors.js';
export {
  CATALOG_EVENTS,
  catalogEvents,
  type CatalogEventName,
  type CatalogEventPayload,
  type EventCancelledPayload,
} from './catalog.events.js';
export { CATALOG_SQL } from './sql/callable.js';
export type { EventForSale, OccurrenceForSale, TicketTypeForSale } from './sales/sales-api.js';
export { Event, EventId, type EventView } from './events/events.schemas.js';
export type { EventAnnotations, EventReader, EventViewer } from './events/event-readers.js';
export type { EventChangeListener } from './events/event-cache.js';
export type {
  DiscoveryFacet,
  DiscoveryQuery,
  DiscoverySort,
  EventList,
} from './discovery/discovery.service.js';
export { MAX_PRICE_FILTER_MINOR } from './discovery/discovery.schemas.js';
export type { EventSaleRules, TicketTypeRules } from './sales/sale-rules-cache.js';
export type { DemoSeedResult } from './seed/demo.js';
