import { and, asc, count, desc, eq, inArray, lt, lte, notInArray, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/database.js';
import type { PageRequest, SortTerm } from '../../platform/http/pagination.js';
import { reservations, waitlistEntries } from './ticketing.tables.js';

/** The waitlist's SQL: entries, their places in line, and the offers made to them. */

export type WaitlistEntryRow = typeof waitlistEntries.$inferSelect;

/**
 * The first waiting entry of a type (in arrival order) that wants at most
 * `left` seats and is not passed over, locked; entries locked by a
 * concurrent offer are skipped (SKIP LOCKED), not waited for.
 */
export async function nextWaitingEntry(
  tx: Tx,
  ticketTypeId: number,
  left: number,
  passedOver: string[],
): Promise<WaitlistEntryRow | undefined> {
  const [entry] = await tx
    .select()
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.ticketTypeId, ticketTypeId),
        eq(waitlistEntries.status, 'waiting'),
        lte(waitlistEntries.quantity, left),
        passedOver.length ? notInArray(waitlistEntries.id, passedOver) : undefined,
      ),
    )
    .orderBy(asc(waitlistEntries.position))
    .limit(1)
    .for('update', { skipLocked: true });
  return entry;
}

/** The entry got an offer: this reservation holds its seats. */
export async function markOffered(tx: Tx, entryId: string, reservationId: string): Promise<void> {
  await tx
    .update(waitlistEntries)
    .set({ status: 'offered', reservationId, updatedAt: new Date() })
    .where(eq(waitlistEntries.id, entryId));
}

/** Settles the waitlist entry behind a reservation that ended (claimed or passed on). */
export async function settleWaitlistOffer(
  tx: Tx,
  reservationId: string,
  status: 'claimed' | 'expired',
): Promise<void> {
  await tx
    .update(waitlistEntries)
    .set({ status, updatedAt: new Date() })
    .where(
      and(
        eq(waitlistEntries.reservationId, reservationId),
        inArray(waitlistEntries.status, ['offered']),
      ),
    );
}

/**
 * Ends every open waitlist entry of an event (it was cancelled): waiting ones
 * and offers not yet claimed end `cancelled`, which says why to their owners
 * (not `left`: they did not leave; not `expired`: nothing lapsed). Returns
 * whose entries ended, so they can be told.
 */
export async function closeWaitlist(
  tx: Tx,
  eventId: number,
): Promise<{ userId: string; wasOffered: boolean }[]> {
  const open = await tx
    .select({
      id: waitlistEntries.id,
      userId: waitlistEntries.userId,
      status: waitlistEntries.status,
    })
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.eventId, eventId),
        inArray(waitlistEntries.status, ['waiting', 'offered']),
      ),
    )
    .for('update');
  if (!open.length) return [];
  await tx
    .update(waitlistEntries)
    .set({ status: 'cancelled', updatedAt: sql`now()` })
    .where(
      inArray(
        waitlistEntries.id,
        open.map((e) => e.id),
      ),
    );
  return open.map((e) => ({ userId: e.userId, wasOffered: e.status === 'offered' }));
}

/** Puts a user in line for a ticket type; undefined when they already are. */
export async function insertWaitingEntry(
  tx: Tx,
  values: { eventId: number; ticketTypeId: number; userId: string; quantity: number },
): Promise<WaitlistEntryRow | undefined> {
  const [entry] = await tx
    .insert(waitlistEntries)
    .values({ ...values, status: 'waiting' })
    .onConflictDoNothing()
    .returning();
  return entry;
}

/** How many entries wait ahead of this one for its ticket type. */
export async function waitingAhead(db: Executor, entry: WaitlistEntryRow): Promise<number> {
  const [ahead] = await db
    .select({ n: count() })
    .from(waitlistEntries)
    .where(
      and(
        eq(waitlistEntries.ticketTypeId, entry.ticketTypeId),
        eq(waitlistEntries.status, 'waiting'),
        lt(waitlistEntries.position, entry.position),
      ),
    );
  return ahead?.n ?? 0;
}

/** A user's entries, a page of them, each with how many wait ahead and the offer behind it. */
export async function entriesOfUser(
  db: Executor,
  userId: string,
  filter: { status?: WaitlistEntryRow['status']; eventId?: number },
  pageReq: PageRequest,
  sort: SortTerm<'createdAt'>[],
) {
  const where = and(
    eq(waitlistEntries.userId, userId),
    filter.status ? eq(waitlistEntries.status, filter.status) : undefined,
    filter.eventId ? eq(waitlistEntries.eventId, filter.eventId) : undefined,
  );
  const ahead = sql<number>`CASE WHEN ${waitlistEntries.status} = 'waiting' THEN (
      SELECT count(*) FROM ticketing_waitlist_entries w
      WHERE w.ticket_type_id = ${waitlistEntries.ticketTypeId} AND w.status = 'waiting'
        AND w.position < ${waitlistEntries.position}) ELSE 0 END`.mapWith(Number);
  const rows = await db
    .select({
      entry: waitlistEntries,
      ahead,
      offerExpiresAt: reservations.expiresAt,
      offerStatus: reservations.status,
    })
    .from(waitlistEntries)
    .leftJoin(reservations, eq(reservations.id, waitlistEntries.reservationId))
    .where(where)
    .orderBy(
      ...sort.map((s) => (s.direction === 'asc' ? asc : desc)(waitlistEntries[s.field])),
      asc(waitlistEntries.id),
    )
    .limit(pageReq.limit)
    .offset(pageReq.offset);
  const [total] = await db.select({ n: count() }).from(waitlistEntries).where(where);
  return { rows, total: total?.n ?? 0 };
}

/** A user's own entry (anyone else's is not found), locked when asked. */
export async function entryOfUser(
  tx: Tx,
  id: string,
  userId: string,
  options: { forUpdate: boolean },
): Promise<WaitlistEntryRow | undefined> {
  const query = tx
    .select()
    .from(waitlistEntries)
    .where(and(eq(waitlistEntries.id, id), eq(waitlistEntries.userId, userId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

/** The entry's owner left the line. */
export async function markLeft(tx: Tx, id: string): Promise<void> {
  await tx
    .update(waitlistEntries)
    .set({ status: 'left', updatedAt: sql`now()` })
    .where(eq(waitlistEntries.id, id));
}
