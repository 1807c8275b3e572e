import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, type TestContext } from '../../../../test/app.js';
import { counters, createBuyers, createSaleEvent } from '../../../../test/fixtures/ticketing.js';
import { openSocket, type ServerMessage } from '../../../../test/sockets.js';
import type { EventAvailability } from './availability-data.js';

const HOLDS = 200;

// The same burst on two apps: coalescing as configured by default, and off.
const coalesced = await useTestApp();
const uncoalesced = await useTestApp({ REALTIME_COALESCE_MS: '0' });
const urls = new Map<TestContext, string>();
beforeAll(async () => {
  for (const ctx of [coalesced, uncoalesced])
    urls.set(ctx, await ctx.app.listen({ port: 0, host: '127.0.0.1' }));
});
afterAll(() => undefined);

interface Received {
  at: number;
  data: EventAvailability;
}

/**
 * One watcher, then `HOLDS` holds of one seat, each by its own buyer and in
 * its own transaction (so each commit notifies: the worst case for a
 * watcher). Answers every availability message after the snapshot, in
 * arrival order, once one says what the counters finally say.
 */
async function burst(ctx: TestContext) {
  const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 1000 }] });
  const typeId = sale.ticketTypeIds[0]!;
  const buyers = await createBuyers(ctx, HOLDS);
  const socket = await openSocket(urls.get(ctx)!);
  const channel = `event:${sale.eventId}:availability`;
  const all: Received[] = [];
  socket.ws.on('message', (raw) => {
    const m = JSON.parse(raw.toString()) as ServerMessage;
    if (m.type === 'availability' && m.channel === channel)
      all.push({ at: Date.now(), data: m.data as unknown as EventAvailability });
  });
  await socket.subscribe(channel);
  await socket.next((m) => m.type === 'availability');
  const snapshots = all.length;

  const started = Date.now();
  for (const buyer of buyers) {
    const res = await ctx.app.inject({
      method: 'POST',
      url: `/v1/events/${sale.eventId}/reservations`,
      headers: buyer.headers,
      payload: { items: [{ ticketTypeId: typeId, quantity: 1 }] },
    });
    expect(res.statusCode).toBe(201);
  }
  const final = await counters(ctx, sale.eventId);
  expect(final.held).toBe(HOLDS);
  await socket.next(
    (m) =>
      m.type === 'availability' &&
      (m.data as unknown as EventAvailability).ticketTypes[0]!.held === HOLDS,
  );
  const elapsedMs = Date.now() - started;
  // Whatever was sent before the pong has arrived before it (one ordered stream).
  await socket.request({ type: 'ping' });
  socket.close();
  return { updates: all.slice(snapshots), final, elapsedMs };
}

describe('availability under a rush', () => {
  it('sends far fewer messages than holds, the first at once and the last with the final counters', async () => {
    const window = coalesced.platform.config.realtime.coalesceMs;
    expect(window).toBe(100);
    const { updates, final, elapsedMs } = await burst(coalesced);
    expect(updates.length).toBeGreaterThan(0);
    expect(updates.length).toBeLessThan(HOLDS / 4);
    // At most one per window, plus the leading one.
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / window) + 2);
    // The first hold was sent without waiting for a window: it says one seat is held.
    expect(updates[0]!.data.ticketTypes[0]!.held).toBeLessThan(HOLDS / 10);
    // Numbers only grow during a rush of holds, and the last one is the truth.
    const held = updates.map((u) => u.data.ticketTypes[0]!.held);
    expect(held).toEqual([...held].sort((a, b) => a - b));
    expect(updates.at(-1)!.data.ticketTypes[0]).toMatchObject({
      held: final.held,
      sold: final.sold,
      available: final.available,
    });
  });

  it('CONTROL: with coalescing off (REALTIME_COALESCE_MS=0) the same rush sends many more', async () => {
    const { updates: few } = await burst(coalesced);
    const { updates: many, final } = await burst(uncoalesced);
    expect(many.length).toBeGreaterThan(few.length * 2);
    expect(many.at(-1)!.data.ticketTypes[0]!.held).toBe(final.held);
  });
});
