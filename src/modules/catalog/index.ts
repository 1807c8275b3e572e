export { createCatalogModule, type CatalogApi } from './catalog.module.js';
export type { CatalogDeps, EventCancellationStep } from './catalog.context.js';
export {
  CATALOG_EVENTS,
  type CatalogEventName,
  type CatalogEventPayload,
  type EventCancelledPayload,
} from './catalog.events.js';
export type { EventForSale, OccurrenceForSale, TicketTypeForSale } from './catalog.inventory.js';
export { events as eventsTable, ticketTypes as ticketTypesTable } from './catalog.tables.js';
export { CATALOG_SQL } from './sql/callable.js';
export { Event, type EventView } from './events.schemas.js';
export { MAX_PRICE_FILTER_MINOR, type DiscoveryQuery } from './discovery.schemas.js';
export type { EventSaleRules, TicketTypeRules } from './sale-rules.js';
export type { DemoSeedResult } from './seed/demo.js';
