import { sql } from 'drizzle-orm';
import {
  bigint,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

/** Each stream channel's last sequence number: the next message takes the next one. */
export const realtimeChannels = pgTable('realtime_channels', {
  key: text().primaryKey(),
  seq: bigint({ mode: 'number' }).notNull(),
});

/**
 * The recent messages of each stream channel, kept so that a client that
 * reconnects gets what it missed. Only the last REALTIME_REPLAY_LIMIT of a
 * channel are kept; older resumes get a `resync`.
 */
export const realtimeMessages = pgTable(
  'realtime_messages',
  {
    key: text().notNull(),
    seq: bigint({ mode: 'number' }).notNull(),
    type: text().notNull(),
    data: jsonb().$type<unknown>().notNull(),
    /** The publisher's name for this message, when it must be published once (a redelivered event). */
    onceKey: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.key, t.seq] }),
    uniqueIndex()
      .on(t.key, t.onceKey)
      .where(sql`${t.onceKey} IS NOT NULL`),
  ],
);

/**
 * One-time connection tickets (`POST /v1/realtime/tickets`): a browser can put
 * one in the socket's URL where it cannot set a header. Stored as a hash, used
 * once, valid for 30 seconds. No foreign key: the platform knows no module's
 * tables; identity vouches for the session when the ticket is used.
 */
export const realtimeTickets = pgTable(
  'realtime_tickets',
  {
    hash: text().primaryKey(),
    userId: uuid().notNull(),
    sessionId: uuid().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index().on(t.expiresAt)],
);
