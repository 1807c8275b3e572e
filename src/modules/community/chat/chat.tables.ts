import {
  bigint,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
// Upstream tables are imported for foreign keys only; community never queries them.
import { events } from '../../catalog/catalog.tables.js';
import { users } from '../../identity/identity.tables.js';

/**
 * Messages of an event's chat. `position` orders them (the history's cursor);
 * a deleted message keeps its row as a tombstone (text cleared), so history
 * pages and the posting rate limit, which counts rows, stay stable.
 */
export const chatMessages = pgTable(
  'community_chat_messages',
  {
    id: uuid().primaryKey().defaultRandom(),
    position: bigint({ mode: 'number' }).generatedAlwaysAsIdentity().notNull(),
    eventId: integer()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    authorId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** What the author was in this chat when posting: shown beside the name. */
    authorRole: text().notNull().$type<'attendee' | 'organizer' | 'moderator'>(),
    kind: text().notNull().$type<'message' | 'announcement'>(),
    /** Plain text as given (trimmed); null once deleted. */
    text: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    editedAt: timestamp({ withTimezone: true }),
    deletedAt: timestamp({ withTimezone: true }),
    deletedBy: text().$type<'author' | 'moderation'>(),
  },
  (t) => [
    index('community_chat_messages_event_idx').on(t.eventId, t.position),
    // The posting rate limit counts one author's recent messages in one event.
    index('community_chat_messages_author_idx').on(t.eventId, t.authorId, t.createdAt),
  ],
);

/** Users muted in an event's chat; a mute whose `until` has passed no longer holds. */
export const chatMutes = pgTable(
  'community_chat_mutes',
  {
    eventId: integer()
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    until: timestamp({ withTimezone: true }),
    reason: text(),
    mutedBy: uuid().notNull(),
    mutedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.userId] })],
);

/** The one pinned message (an announcement or any message) of an event's chat. */
export const chatPins = pgTable(
  'community_chat_pins',
  {
    eventId: integer()
      .primaryKey()
      .references(() => events.id, { onDelete: 'cascade' }),
    messageId: uuid()
      .notNull()
      .references(() => chatMessages.id, { onDelete: 'cascade' }),
    pinnedBy: uuid().notNull(),
    pinnedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('community_chat_pins_message_idx').on(t.messageId)],
);
