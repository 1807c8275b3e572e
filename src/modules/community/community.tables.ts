import {
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
// Upstream tables are imported for foreign keys only; community never queries them.
import { events } from '../catalog/catalog.tables.js';
import { users } from '../identity/identity.tables.js';

/** A user's saved events. The pair is the key, so saving twice is one row. */
export const favorites = pgTable(
  'community_favorites',
  {
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    eventId: integer()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.userId, t.eventId] }),
    index('community_favorites_event_idx').on(t.eventId, t.createdAt),
  ],
);

/**
 * Event views, one row per viewer per event per hour (the dedup window).
 * `viewer` is a hash of the user id or of IP and user agent, never the raw
 * value. Analytics rows carry no foreign key: they are written in batches and
 * may outlive their event until pruned; readers only use ids the catalogue
 * still returns.
 */
export const eventViews = pgTable(
  'community_event_views',
  {
    eventId: integer().notNull(),
    hour: timestamp({ withTimezone: true }).notNull(),
    viewer: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.hour, t.viewer] }),
    index('community_event_views_hour_idx').on(t.hour),
  ],
);

/** Tickets bought per confirmed order, from ticketing's events: popularity and "your purchases". */
export const eventPurchases = pgTable(
  'community_event_purchases',
  {
    orderId: text().primaryKey(),
    userId: uuid().references(() => users.id, { onDelete: 'cascade' }),
    eventId: integer().notNull(),
    quantity: integer().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('community_event_purchases_user_idx').on(t.userId),
    index('community_event_purchases_event_idx').on(t.eventId, t.occurredAt),
  ],
);

/** The decayed popularity score per event, recomputed by a job; trending reads only this. */
export const eventPopularity = pgTable(
  'community_event_popularity',
  {
    eventId: integer().primaryKey(),
    score: doublePrecision().notNull(),
    computedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('community_event_popularity_score_idx').on(t.score.desc(), t.eventId)],
);
