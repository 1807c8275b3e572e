import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createEventDirect } from '../../../../test/fixtures/catalog.js';
import { CHANGE_CHANNEL } from '../events/event-cache.js';
import { setEventPopularity } from '../events/events.repository.js';

const ctx = await useTestApp();
const { app, platform } = ctx;
const { database } = platform;

const DAY = 86_400_000;
const ORGANIZER = randomUUID();
const at = (days: number) => new Date(Date.now() + days * DAY);
const ids: Record<string, number> = {};

beforeAll(async () => {
  const make = async (key: string, days: number, extra: { status?: 'draft' } = {}) => {
    ids[key] = (
      await createEventDirect(ctx, {
        title: key,
        organizerId: ORGANIZER,
        occurrences: [{ startsAt: at(days) }],
        ...extra,
      })
    ).id;
  };
  // Created in this order, so ids grow down the list; `twinA` and `twinB` start together.
  await make('late', 9);
  await make('twinA', 4);
  await make('twinB', 4);
  await make('soon', 2);
  await make('unscored', 3);
  await make('hidden', 1, { status: 'draft' });
});

const list = (query: string) => app.inject({ url: `/v1/events?organizerId=${ORGANIZER}&${query}` });
const titles = async (query: string) =>
  (await list(query)).json().data.map((e: { title: string }) => e.title) as string[];
const store = (scores: Record<string, number>) =>
  database.transaction((tx) =>
    setEventPopularity(tx, new Map(Object.entries(scores).map(([k, v]) => [ids[k]!, v]))),
  );

describe('sort=popularity', () => {
  it('orders most popular first, ties soonest first then by id, and pages stably', async () => {
    expect(await store({ late: 8, twinA: 3, twinB: 3, soon: 3, hidden: 100 })).toBe(5);
    const expected = ['late', 'soon', 'twinA', 'twinB', 'unscored'];
    await expect.poll(() => titles('sort=popularity')).toEqual(expected);
    // Best first whatever the sign, like relevance.
    expect(await titles('sort=-popularity')).toEqual(expected);
    // A later term orders within equal scores before the implicit soonest-first.
    expect(await titles('sort=popularity,-title')).toEqual([
      'late',
      'twinB',
      'twinA',
      'soon',
      'unscored',
    ]);
    const pages: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const res = await list(`sort=popularity&limit=2&page=${page}`);
      expect(res.json().meta).toEqual({ page, limit: 2, total: 5, totalPages: 3 });
      pages.push(...res.json().data.map((e: { title: string }) => e.title));
    }
    expect(pages).toEqual(expected);
  });

  it('treats the scores as a snapshot: an event left out falls back to 0', async () => {
    // twinB and unscored change; twinA and hidden, left out, drop to 0.
    expect(await store({ twinB: 1, soon: 3, late: 8, unscored: 2 })).toBe(4);
    await expect
      .poll(() => titles('sort=popularity'))
      .toEqual(['late', 'soon', 'unscored', 'twinB', 'twinA']);
    // Unchanged scores write nothing, and ids the catalogue does not know are ignored.
    expect(await store({ twinB: 1, soon: 3, late: 8, unscored: 2 })).toBe(0);
    expect(
      await database.transaction((tx) =>
        setEventPopularity(
          tx,
          new Map([
            [ids.late!, 8],
            [ids.soon!, 3],
            [ids.twinB!, 1],
            [ids.unscored!, 2],
            [2_000_000_000, 50],
          ]),
        ),
      ),
    ).toBe(0);
  });

  it('still answers 400 for an unknown sort field, naming the parameter', async () => {
    const res = await list('sort=popular');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('query.sort');
    expect(res.json().errors[0].message).toContain('popularity');
  });
});

describe('a popularity-only update', () => {
  const listener = new pg.Client({ connectionString: ctx.databaseUrl });
  const received: string[] = [];
  beforeAll(async () => {
    await listener.connect();
    listener.on('notification', (m) => received.push(`${m.channel}:${m.payload}`));
    await listener.query(`LISTEN ${CHANGE_CHANNEL}; LISTEN popularity_test_marker`);
  });
  afterAll(() => listener.end());

  /** Notifications up to a marker sent after `work` commits (delivered in commit order). */
  async function notificationsOf(work: () => Promise<unknown>): Promise<string[]> {
    received.length = 0;
    await work();
    const marker = randomUUID();
    await database.db.execute(sql`SELECT pg_notify('popularity_test_marker', ${marker})`);
    await expect.poll(() => received.includes(`popularity_test_marker:${marker}`)).toBe(true);
    return received.filter((r) => r.startsWith(`${CHANGE_CHANNEL}:`));
  }

  it("keeps the event's version, updatedAt, ETag and cached page; only lists are dropped", async () => {
    const id = ids.late!;
    const before = await app.inject({ url: `/v1/events/${id}` });
    const etag = before.headers.etag as string;
    const notified = await notificationsOf(() => store({ late: 42 }));
    expect(notified).toEqual([`${CHANGE_CHANNEL}:0`]);
    const after = await app.inject({ url: `/v1/events/${id}` });
    expect(after.headers.etag).toBe(etag);
    expect(after.json().data).toMatchObject({
      version: before.json().data.version,
      updatedAt: before.json().data.updatedAt,
    });
    expect(after.json().data).not.toHaveProperty('popularity');
    const revalidated = await app.inject({
      url: `/v1/events/${id}`,
      headers: { 'if-none-match': etag },
    });
    expect(revalidated.statusCode).toBe(304);
  });

  it('still notifies any other change of the event, with its id', async () => {
    const id = ids.soon!;
    const notified = await notificationsOf(() =>
      database.db.execute(sql`UPDATE catalog_events SET title = 'soon!' WHERE id = ${id}`),
    );
    expect(notified).toEqual([`${CHANGE_CHANNEL}:${id}`]);
    const both = await notificationsOf(() =>
      database.db.execute(
        sql`UPDATE catalog_events SET title = 'soon', popularity = popularity + 1 WHERE id = ${id}`,
      ),
    );
    expect(both).toEqual([`${CHANGE_CHANNEL}:${id}`]);
  });
});
