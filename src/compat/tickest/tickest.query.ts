import { MAX_PRICE_FILTER_MINOR } from '../../modules/catalog/index.js';
import { ACCEPTED_RANGE, parseInstant } from '../../platform/http/dates.js';
import { tickestError } from './tickest.errors.js';

/** Tickest's list parameters, as the app and the README send them (all strings). */
export interface TickestListParams {
  search?: string;
  city?: string;
  category?: string;
  dateFrom?: string;
  dateTo?: string;
  availableOnly?: string;
  upcoming?: string;
  minPrice?: string;
  maxPrice?: string;
  sortBy?: string;
  sortOrder?: string;
  page?: string;
  limit?: string;
}

export type NativeSortField = 'title' | 'startsAt' | 'price' | 'createdAt' | 'popularity';

/** The same request in native terms (prices in minor units, dates as instants). */
export interface ParsedListQuery {
  q?: string;
  city?: string;
  category?: string;
  dateFrom?: Date;
  dateTo?: Date;
  availableOnly: boolean;
  upcoming: boolean;
  minPriceMinor?: number;
  maxPriceMinor?: number;
  sort: { field: NativeSortField; direction: 'asc' | 'desc' };
  page: number;
  limit: number;
}

/** Tickest `sortBy` values (Mongo field paths) and the native field each means. */
const SORT_FIELDS: Record<string, NativeSortField> = {
  title: 'title',
  'schedule.date': 'startsAt',
  date: 'startsAt',
  'ticketTypes.price': 'price',
  price: 'price',
  eventId: 'createdAt',
  _id: 'createdAt',
  createdAt: 'createdAt',
  // Not in the original; most popular first whatever sortOrder says.
  popularity: 'popularity',
};

export const TICKEST_MAX_LIMIT = 100;

/** An ISO date or date-time; a bare date ends at the end of that UTC day when `endOfDay`. */
export function parseTickestDate(name: string, raw: string, endOfDay = false): Date {
  const date = parseInstant(raw.trim(), endOfDay);
  if (!date) {
    throw tickestError(
      400,
      `Invalid ${name}: expected an ISO date of a year ${ACCEPTED_RANGE}, such as 2025-06-15`,
    );
  }
  return date;
}

/** The largest price filter in whole units: in minor units it still fits the int columns. */
export const TICKEST_MAX_PRICE = Math.floor(MAX_PRICE_FILTER_MINOR / 100);

function parsePrice(name: string, raw: string): number {
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > TICKEST_MAX_PRICE) {
    throw tickestError(400, `Invalid ${name}: expected a number from 0 to ${TICKEST_MAX_PRICE}`);
  }
  return value;
}

function parsePositiveInt(name: string, raw: string): number {
  if (!/^\s*\d{1,9}\s*$/.test(raw) || Number(raw) < 1) {
    throw tickestError(400, `Invalid ${name}: expected a positive integer`);
  }
  return Number(raw);
}

/** Whole currency units (Tickest's prices) to minor units. */
export const toMinor = (units: number) => Math.round(units * 100);

/** Minor units to the whole units the client expects as an integer. */
export const toUnits = (minor: number) => Math.round(minor / 100);

/**
 * Reads Tickest's list parameters with Tickest's defaults (upcoming true,
 * page 1, limit 20) and its boolean leniency, but answers 400 for a
 * malformed number, date or sort instead of failing inside the database.
 */
export function parseListQuery(params: TickestListParams): ParsedListQuery {
  const text = (value: string | undefined) => {
    const trimmed = value?.trim();
    return trimmed ? trimmed.slice(0, 200) : undefined;
  };
  const sortBy = text(params.sortBy);
  // Own keys only: `__proto__` or `constructor` must not reach Object.prototype.
  const field =
    sortBy === undefined ? 'createdAt' : Object.hasOwn(SORT_FIELDS, sortBy) && SORT_FIELDS[sortBy];
  if (!field) {
    throw tickestError(
      400,
      `Invalid sortBy "${sortBy}": use one of ${Object.keys(SORT_FIELDS).join(', ')}`,
    );
  }
  const order = text(params.sortOrder)?.toLowerCase() ?? 'asc';
  const direction = ['asc', '1', 'ascending'].includes(order)
    ? 'asc'
    : ['desc', '-1', 'descending'].includes(order)
      ? 'desc'
      : undefined;
  if (!direction) throw tickestError(400, 'Invalid sortOrder: use asc or desc');
  const minPrice =
    params.minPrice === undefined ? undefined : parsePrice('minPrice', params.minPrice);
  const maxPrice =
    params.maxPrice === undefined ? undefined : parsePrice('maxPrice', params.maxPrice);
  return {
    q: text(params.search),
    city: text(params.city),
    category: text(params.category)?.toLowerCase(),
    dateFrom:
      params.dateFrom === undefined ? undefined : parseTickestDate('dateFrom', params.dateFrom),
    dateTo:
      params.dateTo === undefined ? undefined : parseTickestDate('dateTo', params.dateTo, true),
    availableOnly: ['true', '1'].includes(params.availableOnly?.trim().toLowerCase() ?? ''),
    upcoming: !['false', '0'].includes(params.upcoming?.trim().toLowerCase() ?? ''),
    minPriceMinor: minPrice === undefined ? undefined : toMinor(minPrice),
    maxPriceMinor: maxPrice === undefined ? undefined : toMinor(maxPrice),
    sort: { field, direction },
    page: params.page === undefined ? 1 : parsePositiveInt('page', params.page),
    limit: Math.min(
      params.limit === undefined ? 20 : parsePositiveInt('limit', params.limit),
      TICKEST_MAX_LIMIT,
    ),
  };
}

/** Parses a numeric path parameter (`eventId`, `index`) or answers Tickest's 400. */
export function parseIndex(name: string, raw: string, min = 0): number {
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < min) throw tickestError(400, `Invalid ${name}`);
  return Number(raw);
}

/**
 * An event's numeric `eventId` as a path or body gives it. A 24-digit string is
 * an `_id` (hex), never a number with leading zeros: it is refused, as the
 * event routes refuse it, rather than read as another event.
 */
export const parseEventId = (raw: string | number) => parseIndex('event ID', String(raw).trim(), 1);
