import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { openDatabase, type Tx } from '../db/database.js';
import { EventBus } from './event-bus.js';
import { addEvent, type DeliveredEvent } from './outbox.js';
import { OutboxRelay } from './relay.js';

const { platform, databaseUrl } = await useTestApp();
const { database, log } = platform;

beforeAll(async () => {
  // What subscribers do, written through the relay's transaction: one row per effect.
  await database.pool.query(
    'CREATE TABLE probe_effects (subscriber text NOT NULL, event_id bigint NOT NULL)',
  );
});

async function effects(subscriber: string): Promise<number[]> {
  const { rows } = await database.pool.query<{ event_id: number }>(
    'SELECT event_id FROM probe_effects WHERE subscriber = $1 ORDER BY event_id',
    [subscriber],
  );
  return rows.map((row) => Number(row.event_id));
}

async function recordEffect(subscriber: string, event: { id: number }, tx: Tx) {
  await tx.execute(
    sql`INSERT INTO probe_effects (subscriber, event_id) VALUES (${subscriber}, ${event.id})`,
  );
}

async function publish(name: string, payload: object = {}) {
  await database.transaction((tx) => addEvent(tx, { name, payload }));
}

function relayOn(bus: EventBus, options: { batchSize?: number; pollMs?: number } = {}) {
  return new OutboxRelay(database, bus, log, {
    pollMs: options.pollMs ?? 600_000,
    batchSize: options.batchSize,
    retryBaseMs: 0,
  });
}

describe('outbox', () => {
  it('needs an open transaction', async () => {
    await expect(
      addEvent(database.db as unknown as Tx, { name: 'x.y.z', payload: {} }),
    ).rejects.toThrow(/open transaction/);
  });

  it('never delivers an event whose transaction rolled back; delivers the committed one', async () => {
    const bus = new EventBus();
    bus.subscribe('rollback-probe', ['probe.rollback.happened'], (event, tx) =>
      recordEffect('rollback-probe', event, tx),
    );
    await expect(
      database.transaction(async (tx) => {
        await addEvent(tx, { name: 'probe.rollback.happened', payload: { n: 1 } });
        throw new Error('use case failed');
      }),
    ).rejects.toThrow('use case failed');
    await publish('probe.rollback.happened', { n: 2 });

    await relayOn(bus).drain();
    const delivered = await effects('rollback-probe');
    expect(delivered).toHaveLength(1);
    const { rows } = await database.pool.query(
      "SELECT payload FROM outbox_events WHERE name = 'probe.rollback.happened'",
    );
    expect(rows.map((r) => r.payload)).toEqual([{ n: 2 }]);
  });

  it('redelivers to a subscriber that threw, with one effect, without re-running the others', async () => {
    const bus = new EventBus();
    let flakyCalls = 0;
    let steadyCalls = 0;
    bus.subscribe('flaky', ['probe.flaky.happened'], async (event, tx) => {
      flakyCalls += 1;
      await recordEffect('flaky', event, tx);
      if (flakyCalls === 1) throw new Error('flaky failed once');
    });
    bus.subscribe('steady', ['probe.flaky.happened'], async (event, tx) => {
      steadyCalls += 1;
      await recordEffect('steady', event, tx);
    });
    await publish('probe.flaky.happened');
    const relay = relayOn(bus);

    await relay.tick();
    expect(flakyCalls).toBe(1);
    const { rows } = await database.pool.query(
      "SELECT attempts, last_error, published_at FROM outbox_events WHERE name = 'probe.flaky.happened'",
    );
    expect(rows[0]).toMatchObject({
      attempts: 1,
      last_error: 'flaky failed once',
      published_at: null,
    });

    await relay.drain();
    expect(flakyCalls).toBe(2);
    expect(steadyCalls).toBe(1);
    expect(await effects('flaky')).toHaveLength(1);
    expect(await effects('steady')).toHaveLength(1);
    const after = await database.pool.query(
      "SELECT published_at FROM outbox_events WHERE name = 'probe.flaky.happened'",
    );
    expect(after.rows[0].published_at).toBeInstanceOf(Date);
    expect(await relay.drain()).toBe(0);
  });

  it('delivers each event once per subscriber with two relays draining at once', async () => {
    const bus = new EventBus();
    for (const name of ['left', 'right']) {
      bus.subscribe(name, ['probe.race.happened'], (event, tx) => recordEffect(name, event, tx));
    }
    await database.transaction(async (tx) => {
      for (let i = 0; i < 200; i++)
        await addEvent(tx, { name: 'probe.race.happened', payload: { i } });
    });
    // Two relays as two processes would be: separate pools, small batches so they interleave.
    const other = openDatabase(databaseUrl, 5);
    try {
      const first = relayOn(bus, { batchSize: 7 });
      const second = new OutboxRelay(other, bus, log, { pollMs: 600_000, batchSize: 7 });
      const [a, b] = await Promise.all([first.drain(100), second.drain(100)]);
      await first.drain();
      expect(a + b).toBeGreaterThanOrEqual(200);
      for (const name of ['left', 'right']) {
        const ids = await effects(name);
        expect(ids).toHaveLength(200);
        expect(new Set(ids).size).toBe(200);
      }
      const { rows } = await database.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM outbox_events WHERE name = 'probe.race.happened' AND published_at IS NULL",
      );
      expect(rows[0]?.n).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('wakes a started relay through NOTIFY at commit', async () => {
    const bus = new EventBus();
    let resolveDelivered: (event: DeliveredEvent<object>) => void = () => {};
    const delivered = new Promise<DeliveredEvent<object>>((resolve) => {
      resolveDelivered = resolve;
    });
    bus.subscribe('notified', ['probe.notify.happened'], async (event) => resolveDelivered(event));
    // Polling is ten minutes away: only the notification can deliver within the test.
    const relay = relayOn(bus, { pollMs: 600_000 });
    await relay.start();
    try {
      await relay.drain();
      await publish('probe.notify.happened', { hello: 'world' });
      const event = await delivered;
      expect(event).toMatchObject({ name: 'probe.notify.happened', payload: { hello: 'world' } });
    } finally {
      await relay.stop();
    }
    expect(relay.isRunning).toBe(false);
  });
});
