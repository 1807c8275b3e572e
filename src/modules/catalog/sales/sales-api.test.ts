import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createEventDirect } from '../../../../test/fixtures/catalog.js';
import { getEventForSale, inventory } from './sales-api.js';
import { ticketTypes } from '../catalog.tables.js';

const ctx = await useTestApp();
const { app, platform } = ctx;
const { database } = platform;

async function counters(id: number) {
  const [row] = await database.db
    .select({ sold: ticketTypes.sold, held: ticketTypes.held })
    .from(ticketTypes)
    .where(eq(ticketTypes.id, id));
  return row!;
}

describe('inventory (the contract ticketing sells through)', () => {
  it('describes an event for sale with live availability', async () => {
    const { id, ticketTypeIds } = await createEventDirect(ctx, {
      ticketTypes: [{ name: 'GA', priceMinor: 2500, capacity: 10, sold: 3 }],
    });
    const event = await getEventForSale(database.db, id);
    expect(event).toMatchObject({
      id,
      status: 'published',
      visibility: 'public',
      timeZone: 'UTC',
      ticketTypes: [
        {
          id: ticketTypeIds[0],
          name: 'GA',
          priceMinor: 2500,
          currency: 'EUR',
          capacity: 10,
          sold: 3,
          held: 0,
          available: 7,
        },
      ],
    });
    expect(event!.firstStartsAt).toBeInstanceOf(Date);
    expect(await getEventForSale(database.db, 987654)).toBeNull();
  });

  it('holds, releases, confirms and unsells with guarded counters', async () => {
    const { ticketTypeIds } = await createEventDirect(ctx, { ticketTypes: [{ capacity: 5 }] });
    const tt = ticketTypeIds[0]!;
    await database.transaction(async (tx) => {
      expect(await inventory.hold(tx, tt, 3)).toEqual({ ok: true, available: 2 });
      expect(await inventory.hold(tx, tt, 3)).toEqual({ ok: false, available: 2 });
      await inventory.confirm(tx, tt, 2);
      await inventory.release(tx, tt, 1);
    });
    expect(await counters(tt)).toEqual({ sold: 2, held: 0 });
    await database.transaction((tx) => inventory.unsell(tx, tt, 1));
    expect(await counters(tt)).toEqual({ sold: 1, held: 0 });
    await expect(database.transaction((tx) => inventory.release(tx, tt, 1))).rejects.toThrow(
      /release/,
    );
    await expect(database.transaction((tx) => inventory.hold(tx, tt, 0))).rejects.toThrow(
      RangeError,
    );
  });

  it('never oversells under concurrent holds on separate connections', async () => {
    const { ticketTypeIds } = await createEventDirect(ctx, { ticketTypes: [{ capacity: 7 }] });
    const tt = ticketTypeIds[0]!;
    const results = await Promise.all(
      Array.from({ length: 15 }, () => database.transaction((tx) => inventory.hold(tx, tt, 1))),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(7);
    expect(await counters(tt)).toEqual({ sold: 0, held: 7 });
  });

  it('shows the new availability and a new ETag on the event page after a sale', async () => {
    const { id, ticketTypeIds } = await createEventDirect(ctx, { ticketTypes: [{ capacity: 4 }] });
    const first = await app.inject({ url: `/v1/events/${id}` });
    expect(first.statusCode).toBe(200);
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"/);
    const again = await app.inject({ url: `/v1/events/${id}`, headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');

    await database.transaction((tx) => inventory.hold(tx, ticketTypeIds[0]!, 3));
    // The change reaches this process's cache through LISTEN/NOTIFY after commit.
    await expect
      .poll(async () => (await app.inject({ url: `/v1/events/${id}` })).json().data.available)
      .toBe(1);
    const after = await app.inject({ url: `/v1/events/${id}`, headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(after.json().data.ticketTypes[0]).toMatchObject({ capacity: 4, held: 3, available: 1 });
  });

  it('refuses counters beyond capacity at the database level', async () => {
    const { ticketTypeIds } = await createEventDirect(ctx, { ticketTypes: [{ capacity: 2 }] });
    await expect(
      database.db.execute(
        sql`UPDATE catalog_ticket_types SET sold = 3 WHERE id = ${ticketTypeIds[0]!}`,
      ),
    ).rejects.toThrow();
  });
});

describe('completion', () => {
  it('marks published events that ended over an hour ago as completed', async () => {
    const past = await createEventDirect(ctx, {
      occurrences: [{ startsAt: new Date(Date.now() - 5 * 3_600_000), hours: 2 }],
    });
    const future = await createEventDirect(ctx);
    const { completionJob } = await import('../jobs/completion.job.js');
    await completionJob(ctx.modules.catalog.context).handle({}, { id: 'test' });
    const rows = await database.db.execute<{ id: number; status: string }>(
      sql`SELECT id, status FROM catalog_events WHERE id IN (${past.id}, ${future.id}) ORDER BY id`,
    );
    expect(rows.rows).toEqual([
      { id: past.id, status: 'completed' },
      { id: future.id, status: 'published' },
    ]);
  });
});
