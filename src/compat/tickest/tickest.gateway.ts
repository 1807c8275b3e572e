import type { Principal } from '../../platform/http/principal.js';
import type { Platform } from '../../platform/platform.js';
import type { CatalogApi, DiscoveryQuery, EventView } from '../../modules/catalog/index.js';
import type { CommunityApi } from '../../modules/community/index.js';
import type { IdentityApi } from '../../modules/identity/index.js';
import { AppError } from '../../platform/http/errors.js';
import { tickestError } from './tickest.errors.js';
import { parseTickestDate, toMinor, type ParsedListQuery } from './tickest.query.js';
import type { EventBody } from './tickest.schemas.js';
import { identityGateway } from './tickest.users.js';

export type NativeEvent = EventView;
type NativeTicketType = EventView['ticketTypes'][number];
type NativeOccurrence = EventView['occurrences'][number];

/** A date-only Tickest schedule entry covers that whole day (UTC), as Tickest's "upcoming" did. */
function occurrenceTimes(date: string): { startsAt: string; endsAt?: string } {
  const start = parseTickestDate('schedule date', date);
  if (/^\d{4}-\d{2}-\d{2}$/.test(date.trim())) {
    return {
      startsAt: start.toISOString(),
      endsAt: parseTickestDate('schedule date', date, true).toISOString(),
    };
  }
  return { startsAt: start.toISOString() };
}

function occurrenceInput(entry: EventBody['schedule'][number], id?: number) {
  return {
    ...(id ? { id } : {}),
    ...occurrenceTimes(entry.date),
    city: entry.location,
    venueName: entry.location,
    latitude: entry.lat ?? null,
    longitude: entry.lng ?? null,
  };
}

function ticketTypeInput(
  entry: EventBody['ticketTypes'][number],
  currency: string,
  current?: NativeTicketType,
) {
  const taken = current ? current.sold + current.held : 0;
  return {
    ...(current ? { id: current.id } : {}),
    name: entry.type,
    priceMinor: toMinor(entry.price),
    currency: current?.currency ?? currency,
    // Tickest edits what is left; capacity is what is left plus what is already taken.
    capacity: entry.availableTickets + taken,
  };
}

/** Native event fields from a full Tickest body, matching parts to `current` by position. */
function eventInput(body: EventBody, currency: string, current?: NativeEvent) {
  return {
    title: body.title,
    description: body.description ?? '',
    category: body.category.trim().toLowerCase(),
    tags: body.tags ?? [],
    image: body.image ? body.image : null,
    timeZone: current?.timeZone ?? 'UTC',
    occurrences: body.schedule.map((entry, i) =>
      occurrenceInput(entry, current?.occurrences[i]?.id),
    ),
    ticketTypes: body.ticketTypes.map((entry, i) =>
      ticketTypeInput(entry, currency, current?.ticketTypes[i]),
    ),
  };
}

const isUnknownCategory = (error: unknown) =>
  error instanceof AppError &&
  error.status === 400 &&
  error.errors?.some((e) => e.field === 'query.category') === true;

/**
 * The event as written, with the organizer's name the writer gave when the
 * catalogue has not heard it yet (a new organizer's name arrives through
 * identity's event, a moment later).
 */
function withOrganizerName(event: NativeEvent, name: string): NativeEvent {
  return event.organizer.name
    ? event
    : { ...event, organizer: { ...event.organizer, name: name.trim() } };
}

/** The modules the Tickest API adapts. */
export interface TickestDeps {
  identity: IdentityApi;
  catalog: CatalogApi;
  community: CommunityApi;
}

/** The catalogue's public search; an unknown category matches nothing, as in Tickest. */
async function searchPublic(catalog: CatalogApi, query: DiscoveryQuery): Promise<NativeEvent[]> {
  try {
    return (await catalog.listEvents(query)).items;
  } catch (error) {
    if (isUnknownCategory(error)) return [];
    throw error;
  }
}

/**
 * Everything the Tickest routes ask of the native modules, in one place: each
 * function translates Tickest terms and calls one exported use case of the
 * catalogue or identity.
 */
export function tickestGateway(platform: Platform, { identity, catalog }: TickestDeps) {
  const users = identityGateway(platform, identity);
  return {
    ...users,

    async listEvents(q: ParsedListQuery): Promise<NativeEvent[]> {
      return searchPublic(catalog, {
        q: q.q,
        city: q.city,
        // As the native query string reads it: a comma list of slugs.
        categories: q.category
          ?.split(',')
          .map((c) => c.trim())
          .filter(Boolean),
        dateFrom: q.dateFrom,
        dateTo: q.dateTo,
        upcoming: q.upcoming,
        availableOnly: q.availableOnly,
        minPrice: q.minPriceMinor,
        maxPrice: q.maxPriceMinor,
        sort: [q.sort],
        page: q.page,
        limit: q.limit,
      });
    },

    /** A visible (not draft) event, or null. */
    async getEvent(eventId: number): Promise<NativeEvent | null> {
      const [event] = await catalog.loadEventViews(platform.database.db, [eventId]);
      return event && event.status !== 'draft' ? event : null;
    },

    /**
     * Events in any of the categories (unknown ones match nothing), past ones
     * included as in Tickest: upcoming first, soonest first, then past ones,
     * latest first.
     */
    async eventsInCategories(slugs: string[], limit: number) {
      const now = new Date();
      const perCategory = await Promise.all(
        slugs.flatMap((slug) => [
          searchPublic(catalog, {
            categories: [slug],
            upcoming: true,
            sort: [{ field: 'startsAt', direction: 'asc' }],
            limit,
          }),
          searchPublic(catalog, {
            categories: [slug],
            upcoming: false,
            dateTo: now,
            sort: [{ field: 'startsAt', direction: 'desc' }],
            limit,
          }),
        ]),
      );
      const starts = (e: NativeEvent) => (e.startsAt ? Date.parse(e.startsAt) : Infinity);
      const isUpcoming = (e: NativeEvent) => !e.endsAt || Date.parse(e.endsAt) >= Date.now();
      const unique = [...new Map(perCategory.flat().map((e) => [e.id, e])).values()];
      const upcoming = unique
        .filter(isUpcoming)
        .sort((a, b) => starts(a) - starts(b) || a.id - b.id);
      const past = unique
        .filter((e) => !isUpcoming(e))
        .sort((a, b) => starts(b) - starts(a) || a.id - b.id);
      return [...upcoming, ...past].slice(0, limit);
    },

    /** Creates the event under the writer's organizer of that name, then publishes it. */
    async createEvent(writer: Principal, body: EventBody): Promise<NativeEvent> {
      const organizer = await platform.database.transaction((tx) =>
        users.organizerFor(tx, writer, body.organizer),
      );
      const draft = await catalog.createEvent(writer, {
        organizerId: organizer.id,
        organizerName: organizer.name,
        ...eventInput(body, platform.config.tickestCurrency),
      });
      try {
        // Tickest stores events whatever their dates (past ones are listed with upcoming=false).
        const event = await catalog.publishEvent(writer, draft.id, { allowPast: true });
        return withOrganizerName(event, body.organizer);
      } catch (error) {
        // Tickest events are visible at once: never leave an unpublishable draft behind.
        await catalog.deleteEvent(writer, draft.id);
        throw error;
      }
    },

    async replaceEvent(writer: Principal, eventId: number, body: EventBody): Promise<NativeEvent> {
      const [current] = await catalog.loadEventViews(platform.database.db, [eventId]);
      if (!current) throw tickestError(404, 'Event not found');
      // A full PUT replaces the organizer's name too: the event moves to the writer's
      // organizer of that name (created when the writer has none, in the PUT's own
      // transaction: a refused PUT creates none).
      const sameOrganizer =
        current.organizer.name.trim().toLowerCase() === body.organizer.trim().toLowerCase();
      const event = await catalog.replaceEvent(writer, eventId, {
        ...eventInput(body, platform.config.tickestCurrency, current),
        organizer: sameOrganizer
          ? undefined
          : (tx) => users.organizerFor(tx, writer, body.organizer),
      });
      return withOrganizerName(event, body.organizer);
    },

    deleteEvent: (writer: Principal, eventId: number) => catalog.deleteEvent(writer, eventId),

    async patchTicketType(
      writer: Principal,
      eventId: number,
      target: NativeTicketType,
      patch: { type?: string; price?: number; availableTickets?: number },
    ): Promise<NativeEvent> {
      const changes = {
        ...(patch.type !== undefined ? { name: patch.type } : {}),
        ...(patch.price !== undefined ? { priceMinor: toMinor(patch.price) } : {}),
        ...(patch.availableTickets !== undefined
          ? { capacity: patch.availableTickets + target.sold + target.held }
          : {}),
      };
      return catalog.mutateEvent(writer, eventId, undefined, (tx) =>
        catalog.updateTicketType(tx, eventId, target.id, changes, 'body'),
      );
    },

    async patchOccurrence(
      writer: Principal,
      event: NativeEvent,
      target: NativeOccurrence,
      patch: { date?: string; location?: string; lat?: number; lng?: number },
    ): Promise<NativeEvent> {
      const changes = {
        ...(patch.date !== undefined ? occurrenceTimes(patch.date) : {}),
        ...(patch.location !== undefined
          ? { city: patch.location, venueName: patch.location }
          : {}),
        ...(patch.lat !== undefined ? { latitude: patch.lat } : {}),
        ...(patch.lng !== undefined ? { longitude: patch.lng } : {}),
      };
      return catalog.mutateEvent(writer, event.id, undefined, (tx) =>
        catalog.updateOccurrence(tx, event.id, target.id, changes, 'body'),
      );
    },
  };
}

export type TickestGateway = ReturnType<typeof tickestGateway>;
