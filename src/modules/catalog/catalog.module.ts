import type { Executor } from '../../platform/db/database.js';
import type { App } from '../../platform/http/types.js';
import { withContext, type Module, type WithoutContext } from '../../platform/modules/module.js';
import type { Platform } from '../../platform/platform.js';
import type { CatalogContext, CatalogDeps, EventCancellationStep } from './catalog.context.js';
import {
  getEventForSale,
  getEventOccurrences,
  inventory,
  type EventForSale,
  type OccurrenceForSale,
} from './sales/sales-api.js';
import { categoryRoutes } from './categories/categories.routes.js';
import { completionJob } from './jobs/completion.job.js';
import { discoveryRoutes } from './discovery/discovery.routes.js';
import { searchPlans, type SearchPlans } from './discovery/discovery.plans.js';
import { listEvents, type DiscoveryQuery } from './discovery/discovery.service.js';
import { EventReaders, type EventReader } from './events/event-readers.js';
import { subscribeOrganizerNames } from './subscribers/organizer-names.subscriber.js';
import { EventCache, type EventChangeListener } from './events/event-cache.js';
import { eventRoutes } from './events/events.routes.js';
import { loadEventView, loadEventViews, setEventPopularity } from './events/events.repository.js';
import type { EventView } from './events/events.schemas.js';
import {
  cancelEvent,
  createEvent,
  deleteEvent,
  mutateEvent,
  publishEvent,
  replaceEvent,
} from './events/events.service.js';
import { mediaRoutes } from './media/media.routes.js';
import { updateOccurrence, updateTicketType } from './events/parts.service.js';
import { partRoutes } from './events/parts.routes.js';
import type { EventSaleRules } from './sales/sale-rules-cache.js';
import { seedDemo, seedGenerated, type DemoSeedResult } from './seed/demo.js';
import { templateRoutes } from './templates/templates.routes.js';

/** The catalogue's door at run time: what ticketing, community, the Tickest adapter and the seed call. */
export interface CatalogApi {
  /**
   * An event's sale rules (status, dates, ticket types with prices, windows
   * and per-order limits; no live seat counters), from this process's cache
   * when the change listener runs, else read now. Null when the event does
   * not exist. Edits reach the cache at commit (NOTIFY), so a sale may use
   * rules a few milliseconds old; seat counters are never taken from here.
   */
  getEventSaleRules(eventId: number): Promise<EventSaleRules | null>;
  /**
   * A value that changes whenever this process hears of a change to the
   * event, seat counters included; given one of its ticket types, of any
   * change but the other types' seat counters (undefined when it cannot hear
   * of changes). Equal values before and after mean no such change was
   * notified in between: ticketing keeps "sold out" answers until then.
   */
  eventChangeMark(eventId: number, ticketTypeId?: number): number | undefined;
  getEventForSale(db: Executor, eventId: number): Promise<EventForSale | null>;
  getEventOccurrences(db: Executor, eventId: number): Promise<OccurrenceForSale[]>;
  /** Seat counters: each operation is one conditional UPDATE in the caller's transaction. */
  inventory: typeof inventory;
  /** Registers a step every event cancellation runs in its own transaction. */
  onEventCancelling(step: EventCancellationStep): void;
  /**
   * Registers a listener called, on this process, for every change of an
   * event PostgreSQL notifies after its commit (from any process): edits of
   * the event or its parts, and seat counter moves (holds, expiries, sales,
   * releases). Called synchronously from the notification; keep it cheap.
   */
  onEventChanged(listener: EventChangeListener): void;
  /** A page of events matching a search (published public ones unless `publicOnly` is false). */
  listEvents(query: DiscoveryQuery, publicOnly?: boolean): ReturnType<typeof listEvents>;
  /** Adds another module's part in event reads: views counted, per-reader annotations. */
  addEventReader(reader: EventReader): void;
  /** The query plans of a listing, executed (benchmarks, operators checking indexes). */
  searchPlans(query: DiscoveryQuery, publicOnly: boolean): Promise<SearchPlans>;
  loadEventView(db: Executor, id: number): Promise<EventView | null>;
  loadEventViews(db: Executor, ids: number[]): Promise<EventView[]>;
  setEventPopularity: typeof setEventPopularity;
  createEvent: WithoutContext<typeof createEvent>;
  replaceEvent: WithoutContext<typeof replaceEvent>;
  mutateEvent: WithoutContext<typeof mutateEvent>;
  publishEvent: WithoutContext<typeof publishEvent>;
  cancelEvent: WithoutContext<typeof cancelEvent>;
  deleteEvent: WithoutContext<typeof deleteEvent>;
  updateOccurrence: typeof updateOccurrence;
  updateTicketType: typeof updateTicketType;
  /** Seeds the sample catalogue (and, in development, demo accounts) into an empty catalogue. */
  seedDemo(): Promise<DemoSeedResult>;
  /** Adds `count` generated events for load tests. */
  seedGenerated(count: number): Promise<void>;
}

/** The events catalogue: events, occurrences, ticket types, categories, templates, images, search. */
export async function createCatalogModule(
  platform: Platform,
  deps: CatalogDeps,
): Promise<Module<CatalogApi, CatalogContext>> {
  const ctx: CatalogContext = {
    platform,
    identity: deps.identity,
    cache: new EventCache(platform.config.catalogCache),
    readers: new EventReaders(),
    cancellationSteps: [],
  };
  const { db } = platform.database;

  subscribeOrganizerNames(platform.bus);
  platform.jobs.register(completionJob(ctx));

  const api: CatalogApi = {
    getEventSaleRules: (eventId) => ctx.cache.sale.get(db, eventId),
    eventChangeMark: (eventId, ticketTypeId) => ctx.cache.sale.changeMark(eventId, ticketTypeId),
    getEventForSale,
    getEventOccurrences,
    inventory,
    onEventCancelling: (step) => {
      ctx.cancellationSteps.push(step);
    },
    onEventChanged: (listener) => ctx.cache.onChange(listener),
    listEvents: (query, publicOnly) => listEvents(db, query, publicOnly),
    addEventReader: (reader) => ctx.readers.add(reader),
    searchPlans: (query, publicOnly) => searchPlans(db, query, publicOnly),
    loadEventView,
    loadEventViews,
    setEventPopularity,
    createEvent: withContext(ctx, createEvent),
    replaceEvent: withContext(ctx, replaceEvent),
    mutateEvent: withContext(ctx, mutateEvent),
    publishEvent: withContext(ctx, publishEvent),
    cancelEvent: withContext(ctx, cancelEvent),
    deleteEvent: withContext(ctx, deleteEvent),
    updateOccurrence,
    updateTicketType,
    seedDemo: () => seedDemo(platform, deps.identity),
    seedGenerated: (count) => seedGenerated(platform, deps.identity, count),
  };

  return {
    name: 'catalog',
    api,
    context: ctx,
    async routes(app: App) {
      await categoryRoutes(app, ctx);
      await templateRoutes(app, ctx);
      await discoveryRoutes(app, ctx);
      await eventRoutes(app, ctx);
      await partRoutes(app, ctx);
      await mediaRoutes(app, ctx);
    },
    // Listens even with CATALOG_CACHE=false: change listeners (live availability) need it.
    async start() {
      await ctx.cache.listen(platform.database.url, platform.log).catch((error: unknown) => {
        platform.log.warn({ err: error }, 'catalogue cache disabled: cannot LISTEN');
      });
    },
    stop: () => ctx.cache.close(),
  };
}
