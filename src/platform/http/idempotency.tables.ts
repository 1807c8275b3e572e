import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per (user, Idempotency-Key): the request's hash, whether it is still
 * running, and the first answer to replay. Rows older than the retention are
 * ignored and replaced.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: uuid().notNull(),
    key: text().notNull(),
    requestHash: text().notNull(),
    state: text().notNull().$type<'in_progress' | 'completed'>(),
    responseStatus: integer(),
    responseBody: jsonb().$type<unknown>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);
