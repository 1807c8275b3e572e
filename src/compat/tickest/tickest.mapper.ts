import { toUnits } from './tickest.query.js';

/** What the adapter needs of a native event, in the stable order Tickest's arrays use. */
export interface EventSource {
  id: number;
  title: string;
  description: string;
  category: string;
  tags: readonly string[];
  image: string | null;
  organizer: { name: string };
  timeZone: string;
  /** Mongo's `__v`; native events keep no array version, so 0 unless given. */
  version?: number;
  createdAt: Date | string;
  updatedAt: Date | string;
  occurrences: ReadonlyArray<{
    startsAt: Date | string;
    venueName: string;
    city: string;
    latitude: number | null;
    longitude: number | null;
  }>;
  ticketTypes: ReadonlyArray<{ name: string; priceMinor: number; available: number }>;
}

export interface TickestEvent {
  _id: string;
  eventId: number;
  title: string;
  description: string;
  category: string;
  image: string;
  schedule: Array<{ date: string; location: string; lat?: number; lng?: number }>;
  ticketTypes: Array<{ type: string; price: number; availableTickets: number }>;
  favorited: boolean;
  organizer: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  __v: number;
}

/** Tickest's `_id` was a 24-hex ObjectId; ours is the event id in that form, stable and unique. */
export const tickestObjectId = (eventId: number) => eventId.toString(16).padStart(24, '0');

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) of an instant in the event's own time zone. */
export function localDate(at: Date | string, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-CA', { timeZone, dateStyle: 'short' });
    } catch {
      format = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', dateStyle: 'short' });
    }
    dayFormats.set(timeZone, format);
  }
  const part = (type: string, parts: Intl.DateTimeFormatPart[]) =>
    parts.find((p) => p.type === type)?.value ?? '';
  const parts = format.formatToParts(new Date(at));
  // Intl writes the year 99 as "99": Tickest's dates are always YYYY-MM-DD.
  return `${part('year', parts).padStart(4, '0')}-${part('month', parts)}-${part('day', parts)}`;
}

/**
 * An absolute URL for the image, as the Android client loads it directly.
 * Our own uploads are offered under /images, where Tickest served them.
 */
export function absoluteImage(image: string | null, baseUrl: string): string {
  if (!image) return '';
  if (image.startsWith(`${baseUrl}/media/`))
    return `${baseUrl}/images/${image.slice(baseUrl.length + 7)}`;
  if (/^https?:\/\//i.test(image)) return image;
  return `${baseUrl}${image.startsWith('/') ? '' : '/'}${image}`;
}

const iso = (value: Date | string) => new Date(value).toISOString();

/** The Tickest representation of one event: integer prices, plain strings, computed `favorited`. */
export function toTickestEvent(
  event: EventSource,
  context: { favorited: boolean; baseUrl: string },
): TickestEvent {
  return {
    _id: tickestObjectId(event.id),
    eventId: event.id,
    title: event.title,
    description: event.description,
    category: event.category,
    image: absoluteImage(event.image, context.baseUrl),
    schedule: event.occurrences.map((o) => ({
      date: localDate(o.startsAt, event.timeZone),
      location: o.city || o.venueName,
      ...(o.latitude !== null && o.longitude !== null ? { lat: o.latitude, lng: o.longitude } : {}),
    })),
    ticketTypes: event.ticketTypes.map((t) => ({
      type: t.name,
      price: toUnits(t.priceMinor),
      availableTickets: Math.max(0, Math.trunc(t.available)),
    })),
    favorited: context.favorited,
    organizer: event.organizer.name,
    tags: [...event.tags],
    createdAt: iso(event.createdAt),
    updatedAt: iso(event.updatedAt),
    __v: Math.max(0, (event.version ?? 1) - 1),
  };
}
