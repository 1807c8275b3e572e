import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  attendees,
  buyerPrincipal as buyer,
  createSaleEvent,
  useTicketingApp,
} from '../../../test/fixtures/ticketing.js';
import { outboxEvents } from '../../platform/events/outbox.tables.js';
import { checkout } from './orders.service.js';
import { reserve } from './reservations.service.js';
import { announceAvailability } from './seat-movements.js';
import { ticketingEvents, TICKETING_EVENTS } from './ticketing.events.js';
import { cancelTicket } from './ticket-cancellation.service.js';
import type { TicketingContext } from './ticketing.context.js';
import type { Tx } from '../../platform/db/database.js';

const { ctx, db, t, platform, counters } = await useTicketingApp();

interface Announced {
  version?: number;
  sold: number;
  available: number;
}

/** The type's announcements in the order the relay publishes them (outbox id). */
async function announcements(ticketTypeId: number): Promise<Announced[]> {
  const rows = await db
    .select({ payload: outboxEvents.payload })
    .from(outboxEvents)
    .where(
      and(
        eq(outboxEvents.name, TICKETING_EVENTS.availabilityChanged),
        sql`${outboxEvents.payload}->>'ticketTypeId' = ${String(ticketTypeId)}`,
      ),
    )
    .orderBy(outboxEvents.id);
  return rows.map((r) => r.payload as unknown as Announced);
}

/**
 * Twelve one-ticket orders, then all twelve cancelled at once while four
 * announcers (the hot path's coalesced kind, outside any seat movement) keep
 * announcing beside them until the cancellations are done: sold only goes
 * down, so no announcement may say more than the one before it.
 */
async function raceCancellations(
  announce: (c: TicketingContext, tx: Tx, eventId: number, ids: number[]) => Promise<void>,
) {
  const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 20 }] });
  const typeId = sale.ticketTypeIds[0]!;
  const bought = [];
  for (let i = 0; i < 12; i++) {
    const me = buyer();
    const r = await reserve(t(), me, sale.eventId, [{ ticketTypeId: typeId, quantity: 1 }]);
    const order = await checkout(t(), me, r.id, { attendees: attendees(1), paymentMethod: 'free' });
    bought.push({ me, ticketId: order.tickets[0]!.id });
  }
  await t().holds.flush();
  const before = (await announcements(typeId)).length;
  let done = false;
  const announcer = async () => {
    while (!done)
      await platform.database.transaction((tx) => announce(t(), tx, sale.eventId, [typeId]));
  };
  const cancellations = Promise.all(bought.map((b) => cancelTicket(t(), b.me, b.ticketId))).finally(
    () => (done = true),
  );
  await Promise.all([cancellations, announcer(), announcer(), announcer(), announcer()]);
  return { eventId: sale.eventId, all: (await announcements(typeId)).slice(before) };
}

/** Places where a later announcement says more seats are sold than the one before it. */
const backwards = (all: Announced[]) =>
  all.filter((a, i) => i > 0 && a.sold > all[i - 1]!.sold).length;

describe('availability announcements', () => {
  it('carry a version that only grows, and never go backwards under concurrent changes', async () => {
    const { eventId, all } = await raceCancellations(announceAvailability);
    expect(all.length).toBeGreaterThanOrEqual(24);
    const versions = all.map((a) => a.version!);
    expect(versions.every((v, i) => i === 0 || v > versions[i - 1]!)).toBe(true);
    expect(backwards(all)).toBe(0);
    // The newest says what the counters say.
    const now = await counters(eventId);
    expect(all.at(-1)).toMatchObject({ sold: now.sold, available: now.available });
    expect(now.sold).toBe(0);
  });

  it('CONTROL: announcing what was read before taking a place in line goes backwards', async () => {
    // The bug: read the counters, then write the announcement; a change that
    // commits in between is announced before the older numbers are.
    const readThenWrite = async (c: TicketingContext, tx: Tx, eventId: number, ids: number[]) => {
      const type = (await c.catalog.getEventForSale(tx, eventId))!.ticketTypes.find((x) =>
        ids.includes(x.id),
      )!;
      await new Promise((resolve) => setTimeout(resolve, 3)); // the work between read and write
      await ticketingEvents.emit(tx, TICKETING_EVENTS.availabilityChanged, {
        eventId,
        ticketTypeId: type.id,
        version: 1, // no place in line: every announcement says the same
        capacity: type.capacity,
        sold: type.sold,
        held: type.held,
        available: type.available,
      });
    };
    const { all } = await raceCancellations(readThenWrite);
    expect(backwards(all)).toBeGreaterThan(0);
  });
});
