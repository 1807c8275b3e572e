import { and, asc, eq, inArray, lte, notInArray, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { waitlistEntries } from './ticketing.tables.js';

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
