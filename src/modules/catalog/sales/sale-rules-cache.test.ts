import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createEventDirect } from '../../../../test/fixtures/catalog.js';
import { parseChange } from '../events/event-cache.js';
import { inventory } from './sales-api.js';

const ctx = await useTestApp();
const { platform } = ctx;
const { eventChangeMark, getEventSaleRules } = ctx.modules.catalog.api;
const { database } = platform;

/** Waits until every change notified so far has been heard of (notifications arrive in order). */
async function settled() {
  const barrier = 2_000_000_000;
  const before = eventChangeMark(barrier);
  await database.db.execute(sql`SELECT pg_notify('catalog_event_changed', ${`${barrier}`})`);
  await expect.poll(() => eventChangeMark(barrier)).not.toBe(before);
}

/** Waits until this process has heard of a change to the event (a NOTIFY arrived). */
async function nextChange(eventId: number, before: number | undefined) {
  await expect.poll(() => eventChangeMark(eventId)).not.toBe(before);
}

describe('sale rules kept per process', () => {
  it('reads change notifications: an edit, or only seat counters', () => {
    expect(parseChange('42')).toEqual({ id: 42, countersOnly: false });
    expect(parseChange('42:counters')).toEqual({ id: 42, countersOnly: true });
    expect(parseChange('42:counters:7')).toEqual({ id: 42, countersOnly: true, ticketTypeId: 7 });
    expect(parseChange('42:counters:x')).toEqual({ id: 42, countersOnly: true });
  });

  it("gives each ticket type a mark that moves with its own counters and the event's edits only", async () => {
    const { id, ticketTypeIds } = await createEventDirect(ctx, {
      ticketTypes: [
        { name: 'A', priceMinor: 0, capacity: 10 },
        { name: 'B', priceMinor: 0, capacity: 10 },
      ],
    });
    const [a, b] = ticketTypeIds as [number, number];
    await settled();
    let event = eventChangeMark(id);
    let markA = eventChangeMark(id, a);
    let markB = eventChangeMark(id, b);

    // B's seats move: the event's mark and B's move, A's does not.
    await database.transaction((tx) => inventory.hold(tx, b, 1));
    await nextChange(id, event);
    await settled();
    expect(eventChangeMark(id, b)).not.toBe(markB);
    expect(eventChangeMark(id, a)).toBe(markA);

    // An edit of the event moves every type's mark.
    event = eventChangeMark(id);
    markA = eventChangeMark(id, a);
    markB = eventChangeMark(id, b);
    await database.db.execute(sql`UPDATE catalog_events SET title = title || '!' WHERE id = ${id}`);
    await nextChange(id, event);
    expect(eventChangeMark(id, a)).not.toBe(markA);
    expect(eventChangeMark(id, b)).not.toBe(markB);
  });

  it('keeps the rules through seat holds, and drops them when another process edits the event', async () => {
    const { id, ticketTypeIds } = await createEventDirect(ctx, {
      ticketTypes: [{ name: 'GA', priceMinor: 2500, capacity: 10 }],
    });
    const tt = ticketTypeIds[0]!;
    // Creating it notified too; once that has arrived, reads are served from memory.
    const cached = async () => (await getEventSaleRules(id)) === (await getEventSaleRules(id));
    await expect.poll(cached).toBe(true);
    const first = await getEventSaleRules(id);
    expect(first).toMatchObject({ id, status: 'published' });
    expect(first!.ticketTypes[0]).toMatchObject({ id: tt, priceMinor: 2500, capacity: 10 });
    expect(first!.ticketTypes[0]).not.toHaveProperty('held');
    expect(await getEventSaleRules(id)).toBe(first);

    // Seats held (by any process): counters notify, the rules stay.
    let mark = eventChangeMark(id);
    expect(mark).toBeDefined();
    await database.transaction((tx) => inventory.hold(tx, tt, 2));
    await nextChange(id, mark);
    expect(await getEventSaleRules(id)).toBe(first);

    // An edit committed elsewhere (plain SQL here, as another process would) drops them.
    mark = eventChangeMark(id);
    await database.db.execute(
      sql`UPDATE catalog_ticket_types SET price_minor = 3000 WHERE id = ${tt}`,
    );
    await nextChange(id, mark);
    const edited = await getEventSaleRules(id);
    expect(edited).not.toBe(first);
    expect(edited!.ticketTypes[0]!.priceMinor).toBe(3000);

    mark = eventChangeMark(id);
    await database.db.execute(sql`UPDATE catalog_events SET status = 'cancelled' WHERE id = ${id}`);
    await nextChange(id, mark);
    expect((await getEventSaleRules(id))!.status).toBe('cancelled');
  });

  it('does not remember an event that does not exist yet', async () => {
    // The id the next event will get, asked for before that event exists.
    const next = await database.db.execute<{ id: number }>(
      sql`SELECT setval(pg_get_serial_sequence('catalog_events', 'id'), coalesce(max(id), 0) + 100, false)::int AS id FROM catalog_events`,
    );
    const id = next.rows[0]!.id;
    expect(await getEventSaleRules(id)).toBe(null);
    const created = await createEventDirect(ctx);
    expect(created.id).toBe(id);
    expect((await getEventSaleRules(id))?.ticketTypes).toHaveLength(1);
  });
});
