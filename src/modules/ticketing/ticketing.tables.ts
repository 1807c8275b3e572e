import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// Ids of users, events, ticket types and occurrences belong to identity and
// catalog; they are kept as plain columns (no foreign keys) so this module's
// schema does not depend on theirs. Seat counts live in catalog's ticket types.

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

/** A time-limited hold of seats for one buyer. */
export const reservations = pgTable(
  'ticketing_reservations',
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid().notNull(),
    eventId: integer().notNull(),
    status: text().notNull().$type<'active' | 'released' | 'expired' | 'converted'>(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    waitlistEntryId: uuid(),
    ...timestamps,
  },
  (t) => [
    index('ticketing_reservations_user_event_idx').on(t.userId, t.eventId),
    index('ticketing_reservations_active_expiry_idx')
      .on(t.expiresAt)
      .where(sql`status = 'active'`),
  ],
);

export const reservationItems = pgTable(
  'ticketing_reservation_items',
  {
    reservationId: uuid()
      .notNull()
      .references(() => reservations.id, { onDelete: 'cascade' }),
    ticketTypeId: integer().notNull(),
    name: text().notNull(),
    quantity: integer().notNull(),
    unitPriceMinor: integer().notNull(),
    currency: text().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.reservationId, t.ticketTypeId] }),
    index('ticketing_reservation_items_type_idx').on(t.ticketTypeId),
  ],
);

export const orders = pgTable(
  'ticketing_orders',
  {
    id: uuid().primaryKey().defaultRandom(),
    number: text().notNull().unique(),
    userId: uuid().notNull(),
    eventId: integer().notNull(),
    reservationId: uuid()
      .notNull()
      .unique()
      .references(() => reservations.id),
    status: text()
      .notNull()
      .$type<'pending_payment' | 'confirmed' | 'cancelled' | 'expired' | 'refunded'>(),
    paymentMethod: text().notNull().$type<'free' | 'offline'>(),
    /** Name and email per seat, in line order; tickets are issued from it on confirmation. */
    attendees: jsonb().notNull().$type<{ name: string; email: string; ticketTypeId: number }[]>(),
    /** Copied from the catalogue at purchase, for upcoming/past filters. */
    eventStartsAt: timestamp({ withTimezone: true }),
    eventEndsAt: timestamp({ withTimezone: true }),
    totalMinor: integer().notNull(),
    currency: text().notNull(),
    paymentDueAt: timestamp({ withTimezone: true }),
    paidAt: timestamp({ withTimezone: true }),
    cancelledAt: timestamp({ withTimezone: true }),
    cancelledBy: uuid(),
    cancelReason: text(),
    ...timestamps,
  },
  (t) => [
    index('ticketing_orders_user_idx').on(t.userId, t.createdAt),
    index('ticketing_orders_event_idx').on(t.eventId, t.createdAt),
    // The per-person limit counts a user's pending orders of one event on every hold.
    index('ticketing_orders_user_event_pending_idx')
      .on(t.userId, t.eventId)
      .where(sql`status = 'pending_payment'`),
  ],
);

export const orderLines = pgTable(
  'ticketing_order_lines',
  {
    orderId: uuid()
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    ticketTypeId: integer().notNull(),
    name: text().notNull(),
    quantity: integer().notNull(),
    unitPriceMinor: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.orderId, t.ticketTypeId] })],
);

/** One ticket per seat; `code` is the signed string in its QR image. */
export const tickets = pgTable(
  'ticketing_tickets',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id),
    userId: uuid().notNull(),
    eventId: integer().notNull(),
    ticketTypeId: integer().notNull(),
    attendeeName: text().notNull(),
    attendeeEmail: text().notNull(),
    code: text().notNull().unique(),
    status: text().notNull().$type<'valid' | 'cancelled'>(),
    /** Signed into the ticket's mailed link; bumping it revokes every earlier link. */
    linkGeneration: integer().notNull().default(0),
    ...timestamps,
  },
  (t) => [
    index('ticketing_tickets_order_idx').on(t.orderId),
    // A user's tickets, and of one event (the per-person limit, on every hold).
    index('ticketing_tickets_user_event_idx').on(t.userId, t.eventId),
    index('ticketing_tickets_event_idx').on(t.eventId, t.ticketTypeId),
  ],
);

export const checkIns = pgTable(
  'ticketing_check_ins',
  {
    id: uuid().primaryKey().defaultRandom(),
    ticketId: uuid()
      .notNull()
      .references(() => tickets.id),
    eventId: integer().notNull(),
    occurrenceId: integer(),
    checkedInBy: uuid().notNull(),
    checkedInAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    undoneAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    // At most one standing check-in per ticket and occurrence: the second scan loses here.
    uniqueIndex('ticketing_check_ins_once_idx')
      .on(t.ticketId, sql`coalesce(${t.occurrenceId}, 0)`)
      .where(sql`undone_at IS NULL`),
    index('ticketing_check_ins_event_idx').on(t.eventId),
  ],
);

/**
 * Money to give back: one row for a cancelled ticket (`ticketId` set) or for
 * what was left of an order when the order itself was cancelled.
 */
export const refunds = pgTable(
  'ticketing_refunds',
  {
    id: uuid().primaryKey().defaultRandom(),
    orderId: uuid()
      .notNull()
      .references(() => orders.id),
    ticketId: uuid().references(() => tickets.id),
    amountMinor: integer().notNull(),
    currency: text().notNull(),
    status: text().notNull().$type<'pending' | 'completed'>(),
    reason: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** The audit of completion: when, by whom (null: the payment provider), how, and its reference. */
    completedAt: timestamp({ withTimezone: true }),
    completedBy: uuid(),
    completedVia: text().$type<'organizer' | 'provider'>(),
    reference: text(),
  },
  (t) => [
    index('ticketing_refunds_order_idx').on(t.orderId),
    // At most one order-level refund per order and one refund per ticket, so a redelivered cancellation adds nothing.
    uniqueIndex('ticketing_refunds_order_once_idx')
      .on(t.orderId)
      .where(sql`ticket_id IS NULL`),
    uniqueIndex('ticketing_refunds_ticket_once_idx').on(t.ticketId),
  ],
);

export const waitlistEntries = pgTable(
  'ticketing_waitlist_entries',
  {
    id: uuid().primaryKey().defaultRandom(),
    /** Arrival order: offers go to the lowest position first. */
    position: bigserial({ mode: 'number' }).notNull(),
    eventId: integer().notNull(),
    ticketTypeId: integer().notNull(),
    userId: uuid().notNull(),
    quantity: integer().notNull(),
    status: text()
      .notNull()
      .$type<'waiting' | 'offered' | 'claimed' | 'expired' | 'left' | 'cancelled'>(),
    reservationId: uuid(),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('ticketing_waitlist_one_per_user_idx')
      .on(t.ticketTypeId, t.userId)
      .where(sql`status IN ('waiting', 'offered')`),
    index('ticketing_waitlist_queue_idx')
      .on(t.ticketTypeId, t.position)
      .where(sql`status = 'waiting'`),
  ],
);

/**
 * The last version of each ticket type's availability announcement: taken
 * (locked and incremented) before the counters are read, so versions only
 * grow and a higher one never carries older numbers.
 */
export const availabilityVersions = pgTable('ticketing_availability_versions', {
  ticketTypeId: integer().primaryKey(),
  eventId: integer().notNull(),
  version: bigint({ mode: 'number' }).notNull(),
});
