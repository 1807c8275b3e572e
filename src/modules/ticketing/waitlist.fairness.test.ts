import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  attendees,
  buyerPrincipal as buyer,
  createSaleEvent,
  errorCode as codeOf,
  holdRequest,
  useTicketingApp,
} from '../../../test/fixtures/ticketing.js';
import type { Principal } from '../../platform/http/principal.js';
import { holdInOneStatement } from './holds/holds.repository.js';
import { checkout } from './orders.service.js';
import { reserve } from './reservations.service.js';
import { cancelTicket } from './ticket-cancellation.service.js';
import { tickets, waitlistEntries } from './ticketing.tables.js';
import { joinWaitlist } from './waitlist.service.js';

const { ctx, platform, db, t, counters } = await useTicketingApp();

/** A confirmed free order of `seats` tickets for `me`. */
async function buy(eventId: number, ticketTypeId: number, me: Principal, seats: number) {
  const r = await reserve(t(), me, eventId, [{ ticketTypeId, quantity: seats }]);
  return checkout(t(), me, r.id, { attendees: attendees(seats), paymentMethod: 'free' });
}

/** Each entry's status by owner, for one ticket type. */
async function entriesOf(ticketTypeId: number) {
  const rows = await db
    .select()
    .from(waitlistEntries)
    .where(eq(waitlistEntries.ticketTypeId, ticketTypeId))
    .orderBy(waitlistEntries.position);
  return new Map(rows.map((e) => [e.userId, e]));
}

const validTickets = async (userId: string, eventId: number) =>
  (
    await db
      .select({ id: tickets.id })
      .from(tickets)
      .where(
        and(eq(tickets.userId, userId), eq(tickets.eventId, eventId), eq(tickets.status, 'valid')),
      )
  ).length;

/** A type of `capacity` seats sold out to single-ticket buyers, and a waitlist in this order. */
async function soldOutWithWaitlist(capacity: number, wants: number[]) {
  const sale = await createSaleEvent(ctx, {
    ticketTypes: [
      { name: 'Hot', capacity },
      { name: 'Other', capacity: 50 },
    ],
  });
  const typeId = sale.ticketTypeIds[0]!;
  const holders = [];
  for (let i = 0; i < capacity; i++) {
    const me = buyer();
    holders.push({ me, ticketId: (await buy(sale.eventId, typeId, me, 1)).tickets[0]!.id });
  }
  const waiting = [];
  for (const quantity of wants) {
    const me = buyer();
    await joinWaitlist(t(), me, sale.eventId, { ticketTypeId: typeId, quantity });
    waiting.push(me);
  }
  return { sale, typeId, holders, waiting };
}

describe('waitlist offers go to the first entries that fit', () => {
  it('one freed seat goes to the second in line when the first wants two', async () => {
    const { sale, typeId, holders, waiting } = await soldOutWithWaitlist(2, [2, 1]);
    const [wantsTwo, wantsOne] = waiting as [Principal, Principal];
    await cancelTicket(t(), holders[0]!.me, holders[0]!.ticketId);
    const entries = await entriesOf(typeId);
    expect(entries.get(wantsTwo.userId)!.status).toBe('waiting');
    expect(entries.get(wantsOne.userId)!.status).toBe('offered');
    expect(await counters(sale.eventId)).toMatchObject({ sold: 1, held: 1, available: 0 });
    // The next freed seat makes two for nobody yet: it stays free until a second one comes.
    await cancelTicket(t(), holders[1]!.me, holders[1]!.ticketId);
    expect((await entriesOf(typeId)).get(wantsTwo.userId)!.status).toBe('waiting');
    expect(await counters(sale.eventId)).toMatchObject({ sold: 0, held: 1, available: 1 });
  });

  /**
   * Three seats of a sold-out type come back one by one, at once, while
   * fifteen buyers keep trying to reserve one; in line: two seats, then one,
   * then one. The two single-seat entries must get the first two seats; the
   * third fits nobody waiting and goes on sale.
   */
  async function race(freeOne: (holder: { me: Principal; ticketId: string }) => Promise<unknown>) {
    const { sale, typeId, holders, waiting } = await soldOutWithWaitlist(3, [2, 1, 1]);
    let done = false;
    const publicSeats: string[] = [];
    const tryBuying = async () => {
      const me = buyer();
      for (let last = false; !last;) {
        last = done;
        const r = await reserve(t(), me, sale.eventId, [
          { ticketTypeId: typeId, quantity: 1 },
        ]).catch(() => null);
        if (r) return publicSeats.push(r.id);
        // "Sold out" may come from memory without I/O: let the releases run.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const frees = Promise.all(holders.map(freeOne)).finally(() => (done = true));
    await Promise.all([frees, ...Array.from({ length: 15 }, tryBuying)]);
    const entries = await entriesOf(typeId);
    return {
      offered: waiting.filter((w) => entries.get(w.userId)!.status === 'offered'),
      waiting,
      publicSeats,
      counters: await counters(sale.eventId),
    };
  }

  it('under concurrent releases and buyers, seats go to the entries that fit before public sale', async () => {
    const outcome = await race((h) => cancelTicket(t(), h.me, h.ticketId));
    expect(outcome.offered).toEqual(outcome.waiting.slice(1));
    expect(outcome.publicSeats).toHaveLength(1);
    expect(outcome.counters).toMatchObject({ sold: 0, held: 3, available: 0 });
  });

  it('CONTROL: seats freed without offering them first go to the public', async () => {
    // What the old offer loop did here: the head wants two, so it stopped and offered nobody.
    const outcome = await race(async (h) => {
      await platform.database.transaction(async (tx) => {
        await tx.execute(
          sql`UPDATE ticketing_tickets SET status = 'cancelled' WHERE id = ${h.ticketId}`,
        );
        const [row] = await tx.select().from(tickets).where(eq(tickets.id, h.ticketId));
        await t().catalog.inventory.unsell(tx, row!.ticketTypeId, 1);
      });
      t().holds.seatsReturned([
        (await db.select().from(tickets).where(eq(tickets.id, h.ticketId)))[0]!.ticketTypeId,
      ]);
    });
    expect(outcome.offered).toEqual([]);
    expect(outcome.publicSeats).toHaveLength(3);
  });
});

describe('the waitlist and the per-person limit', () => {
  it('refuses to queue a buyer whose seats would pass the limit', async () => {
    const { sale, typeId } = await soldOutWithWaitlist(1, []);
    const other = sale.ticketTypeIds[1]!;
    const me = buyer();
    await buy(sale.eventId, other, me, 9);
    const refused = await joinWaitlist(t(), me, sale.eventId, {
      ticketTypeId: typeId,
      quantity: 2,
    }).catch((e) => e);
    expect(refused).toMatchObject({
      status: 422,
      code: 'TICKETING.USER_LIMIT_REACHED',
      details: { limit: 10, alreadyHeld: 9, requested: 2 },
    });
    await joinWaitlist(t(), me, sale.eventId, { ticketTypeId: typeId, quantity: 1 });
  });

  it('passes over an entry whose owner reached the limit since; it keeps its place', async () => {
    const { sale, typeId, holders, waiting } = await soldOutWithWaitlist(1, [1, 1]);
    const [full, next] = waiting as [Principal, Principal];
    // Queued with none; has bought ten of another type of the event since.
    await buy(sale.eventId, sale.ticketTypeIds[1]!, full, 10);
    await cancelTicket(t(), holders[0]!.me, holders[0]!.ticketId);
    const entries = await entriesOf(typeId);
    expect(entries.get(full.userId)!.status).toBe('waiting');
    expect(entries.get(next.userId)!.status).toBe('offered');
  });

  /**
   * A buyer with nine tickets and two live reservations of one seat each
   * (a waitlist offer made while a hold of theirs was being taken: each
   * statement counted nine) checks both out at once.
   */
  async function twoReservationsAtNine() {
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 50 }] });
    const typeId = sale.ticketTypeIds[0]!;
    const me = buyer();
    await buy(sale.eventId, typeId, me, 9);
    const mine = await reserve(t(), me, sale.eventId, [{ ticketTypeId: typeId, quantity: 1 }]);
    const request = holdRequest(sale.eventId, typeId, 1, me.userId, 11);
    const raced = { ...request, items: [{ ...request.items[0]!, unitPriceMinor: 0 }] };
    expect((await holdInOneStatement(platform.database.pool, raced)).kind).toBe('held');
    return { sale, typeId, me, reservationIds: [mine.id, raced.reservationId] };
  }

  it('two checkouts of one buyer at once: one passes, the other is refused at the limit', async () => {
    const { sale, me, reservationIds } = await twoReservationsAtNine();
    const outcomes = await Promise.all(
      reservationIds.map((id) =>
        codeOf(checkout(t(), me, id, { attendees: attendees(1), paymentMethod: 'free' })),
      ),
    );
    expect(outcomes.sort()).toEqual(['TICKETING.USER_LIMIT_REACHED', 'none']);
    expect(await validTickets(me.userId, sale.eventId)).toBe(10);
  });

  it('CONTROL: the same two checkouts counting without the buyer’s lock both pass', async () => {
    const { sale, me } = await twoReservationsAtNine();
    // The bug the lock prevents: each counts what is bought, then writes; neither sees the other.
    const naive = () =>
      platform.database.transaction(async (tx) => {
        const bought = await validTicketsIn(tx, me.userId, sale.eventId);
        await new Promise((resolve) => setTimeout(resolve, 20)); // the checkout's writes
        return bought + 1 <= 10;
      });
    expect(await Promise.all([naive(), naive()])).toEqual([true, true]);
  });
});

async function validTicketsIn(
  tx: Parameters<Parameters<typeof platform.database.transaction>[0]>[0],
  userId: string,
  eventId: number,
) {
  const { rows } = await tx.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM ticketing_tickets WHERE user_id = ${userId} AND event_id = ${eventId} AND status = 'valid'`,
  );
  return rows[0]!.n;
}
