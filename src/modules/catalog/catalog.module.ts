import { eq, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/database.js';
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
} from './catalog.inventory.js';
import { catalogOrganizers, events } from './catalog.tables.js';
import { categoryRoutes } from './categories.routes.js';
import { completionJob } from './completion.job.js';
import { discoveryRoutes } from './discovery.routes.js';
import type { DiscoveryQuery } from './discovery.schemas.js';
import { searchPlans, type SearchPlans } from './discovery.plans.js';
import { listEvents } from './discovery.service.js';
import { EventCache } from './event-cache.js';
import { eventRoutes } from './events.routes.js';
import {
  loadEventView,
  loadEventViews,
  refreshEvents,
  setEventPopularity,
} from './events.repository.js';
import type { EventView } from './events.schemas.js';
import {
  cancelEvent,
  createEvent,
  deleteEvent,
  mutateEvent,
  publishEvent,
  replaceEvent,
} from './events.service.js';
import { mediaRoutes } from './media.routes.js';
import { updateOccurrence, updateTicketType } from './parts.service.js';
import { partRoutes } from './parts.routes.js';
import type { EventSaleRules } from './sale-rules.js';
import { seedDemo, seedGenerated, type DemoSeedResult } from './seed/demo.js';
import { templateRoutes } from './templates.routes.js';
import { IDENTITY_EVENTS, type OrganizerChangedPayload } from '../identity/index.js';

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
  listEvents(
    query: DiscoveryQuery,
    publicOnly: boolean,
    extra?: Parameters<typeof listEvents>[3],
  ): ReturnType<typeof listEvents>;
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
    cache: new EventCache(),
    cancellationSteps: [],
  };
  const { db } = platform.database;

  // Keeps the organizer's name beside its events, for display and search.
  platform.bus.subscribe<OrganizerChangedPayload>(
    'catalog.organizer-names',
    [IDENTITY_EVENTS.organizerCreated, IDENTITY_EVENTS.organizerUpdated],
    async ({ payload }, tx: Tx) => {
      await tx
        .insert(catalogOrganizers)
        .values({ id: payload.organizerId, name: payload.name })
        .onConflictDoUpdate({
          target: catalogOrganizers.id,
          set: { name: payload.name, updatedAt: sql`now()` },
        });
      const changed = await tx
        .update(events)
        .set({ organizerName: payload.name })
        .where(eq(events.organizerId, payload.organizerId))
        .returning({ id: events.id });
      await refreshEvents(
        tx,
        changed.map((e) => e.id),
      );
    },
  );
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
    listEvents: (query, publicOnly, extra) => listEvents(db, query, publicOnly, extra),
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
    async start() {
      if (!platform.config.catalogCache) return;
      await ctx.cache.listen(platform.database.url, platform.log).catch((error: unknown) => {
        platform.log.warn({ err: error }, 'catalogue cache disabled: cannot LISTEN');
      });
    },
    stop: () => ctx.cache.close(),
  };
}
