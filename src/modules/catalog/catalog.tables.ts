import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { organizers } from '../identity/identity.tables.js';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** GIN storage without a pending list (fastupdate off): writes pay, searches never scan it. */
const GIN_NO_PENDING = { fastupdate: 'off' };

/** The categories dictionary; events reference a category by its slug. */
export const categories = pgTable('catalog_categories', {
  id: serial().primaryKey(),
  slug: text().notNull().unique(),
  name: text().notNull(),
  description: text().notNull().default(''),
  icon: text(),
  sortOrder: integer().notNull().default(0),
  active: boolean().notNull().default(true),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** Organizer names copied from identity's events, so search never reads identity's tables. */
export const catalogOrganizers = pgTable('catalog_organizers', {
  id: uuid().primaryKey(),
  name: text().notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/**
 * Events. The columns after `version` are derived from occurrences, ticket
 * types and the organizer name by catalog_refresh_events() (catalog's sql/):
 * they keep public search on one table with its own indexes. `popularity` is
 * community's score, written only through setEventPopularity(), so the list
 * sorts by it without reading community's tables. It has no index on purpose
 * (docs/adr/0006): a page query reads every match for its total anyway, and an
 * indexed column would rule out HOT updates when the job rewrites scores.
 */
export const events = pgTable(
  'catalog_events',
  {
    id: serial().primaryKey(),
    // An organizer with events cannot be deleted (identity has no such path today).
    organizerId: uuid()
      .notNull()
      .references(() => organizers.id, { onDelete: 'restrict' }),
    title: text().notNull(),
    description: text().notNull().default(''),
    category: text()
      .notNull()
      .references(() => categories.slug, { onUpdate: 'cascade' }),
    tags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    image: text(),
    status: text().notNull().default('draft'),
    visibility: text().notNull().default('public'),
    timeZone: text().notNull().default('UTC'),
    templateId: integer(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    /** Why the organizer cancelled it, when they said. */
    cancelReason: text(),
    organizerName: text().notNull().default(''),
    firstStartsAt: timestamp({ withTimezone: true }),
    lastEndsAt: timestamp({ withTimezone: true }),
    minPriceMinor: integer(),
    maxPriceMinor: integer(),
    prices: integer()
      .array()
      .notNull()
      .default(sql`'{}'::integer[]`),
    cityKeys: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    searchVector: tsvector(),
    searchText: text().notNull().default(''),
    popularity: doublePrecision().notNull().default(0),
    /** Set by inventory.confirm: an event that sold a ticket is never deleted (its orders refer to it). */
    hasOrders: boolean().notNull().default(false),
  },
  (t) => [
    check(
      'catalog_events_status_check',
      sql`${t.status} IN ('draft','published','cancelled','completed')`,
    ),
    check('catalog_events_visibility_check', sql`${t.visibility} IN ('public','unlisted')`),
    index('catalog_events_organizer_idx').on(t.organizerId, t.createdAt),
    index('catalog_events_public_starts_idx')
      .on(t.firstStartsAt, t.id)
      .where(sql`status = 'published' AND visibility = 'public'`),
    index('catalog_events_public_ends_idx')
      .on(t.lastEndsAt)
      .where(sql`status = 'published' AND visibility = 'public'`),
    index('catalog_events_category_idx').on(t.category),
    // Search reads far more than it writes: no pending list to scan on every query.
    index('catalog_events_search_vector_idx').using('gin', t.searchVector).with(GIN_NO_PENDING),
    index('catalog_events_search_text_trgm_idx')
      .using('gin', sql`${t.searchText} gin_trgm_ops`)
      .with(GIN_NO_PENDING),
    index('catalog_events_city_keys_idx').using('gin', t.cityKeys).with(GIN_NO_PENDING),
    index('catalog_events_tags_idx').using('gin', t.tags).with(GIN_NO_PENDING),
  ],
);

/** When and where an event happens (Tickest's `schedule`). */
export const occurrences = pgTable(
  'catalog_event_occurrences',
  {
    id: serial().primaryKey(),
    eventId: integer()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    venueName: text().notNull().default(''),
    address: text().notNull().default(''),
    city: text().notNull().default(''),
    country: char({ length: 2 }),
    latitude: doublePrecision(),
    longitude: doublePrecision(),
    onlineUrl: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('catalog_event_occurrences_time_check', sql`${t.endsAt} >= ${t.startsAt}`),
    check(
      'catalog_event_occurrences_geo_check',
      sql`(${t.latitude} IS NULL) = (${t.longitude} IS NULL) AND (${t.latitude} IS NULL OR (${t.latitude} BETWEEN -90 AND 90 AND ${t.longitude} BETWEEN -180 AND 180))`,
    ),
    index('catalog_event_occurrences_event_idx').on(t.eventId, t.startsAt),
    index('catalog_event_occurrences_starts_idx').on(t.startsAt),
    // Geo search: occurrences within a radius use this through earth_box().
    index('catalog_event_occurrences_earth_idx')
      .using('gist', sql`ll_to_earth(${t.latitude}, ${t.longitude})`)
      .where(sql`latitude IS NOT NULL`),
  ],
);

/** What can be bought. `sold` and `held` are owned by ticketing through `inventory`. */
export const ticketTypes = pgTable(
  'catalog_ticket_types',
  {
    id: serial().primaryKey(),
    eventId: integer()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    description: text().notNull().default(''),
    priceMinor: integer().notNull(),
    currency: char({ length: 3 }).notNull(),
    capacity: integer().notNull(),
    sold: integer().notNull().default(0),
    held: integer().notNull().default(0),
    salesStart: timestamp({ withTimezone: true }),
    salesEnd: timestamp({ withTimezone: true }),
    minPerOrder: integer().notNull().default(1),
    maxPerOrder: integer().notNull().default(10),
    sortOrder: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'catalog_ticket_types_inventory_check',
      sql`${t.sold} >= 0 AND ${t.held} >= 0 AND ${t.sold} + ${t.held} <= ${t.capacity}`,
    ),
    check('catalog_ticket_types_price_check', sql`${t.priceMinor} >= 0`),
    check(
      'catalog_ticket_types_order_check',
      sql`${t.minPerOrder} >= 1 AND ${t.maxPerOrder} >= ${t.minPerOrder}`,
    ),
    index('catalog_ticket_types_event_idx').on(t.eventId),
  ],
);

/** Presets organizers create events from (seed 004's "available events"). */
export const eventTemplates = pgTable(
  'catalog_event_templates',
  {
    id: serial().primaryKey(),
    name: text().notNull(),
    category: text()
      .notNull()
      .references(() => categories.slug, { onUpdate: 'cascade' }),
    title: text().notNull().default(''),
    description: text().notNull().default(''),
    tags: text()
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    defaultDurationMinutes: integer().notNull().default(120),
    ticketTypes: jsonb()
      .notNull()
      .default(sql`'[]'::jsonb`)
      .$type<TemplateTicketType[]>(),
    ownerUserId: uuid(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('catalog_event_templates_category_idx').on(t.category)],
);

export interface TemplateTicketType {
  name: string;
  description?: string;
  priceMinor: number;
  currency: string;
  capacity: number;
  minPerOrder?: number;
  maxPerOrder?: number;
}

/** Every word of every search document: typo correction looks its neighbours up here. */
export const searchWords = pgTable('catalog_search_words', { word: text().primaryKey() }, (t) => [
  index('catalog_search_words_trgm_idx').using('gist', sql`${t.word} gist_trgm_ops`),
]);

/** Files uploaded as event images. */
export const media = pgTable(
  'catalog_media',
  {
    id: uuid().primaryKey().defaultRandom(),
    fileName: text().notNull(),
    contentType: text().notNull(),
    bytes: integer().notNull(),
    eventId: integer().references(() => events.id, { onDelete: 'set null' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('catalog_media_file_idx').on(t.fileName)],
);
