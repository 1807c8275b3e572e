import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { createUser } from '../../../test/fixtures/identity.js';
import { createPublishedEvent } from '../../../test/fixtures/community.js';
import { addEvent } from '../../platform/events/outbox.js';
import { TICKETING_EVENTS } from '../ticketing/index.js';
import { COMMUNITY_EVENTS } from './community.events.js';

const ctx = await useTestApp();
const { app, platform } = ctx;

type User = Awaited<ReturnType<typeof createUser>>;
let alice: User;
let bob: User;
let carol: User;
const events: number[] = [];

beforeAll(async () => {
  const admin = await createUser(ctx, { roles: ['admin'] });
  alice = await createUser(ctx, {});
  bob = await createUser(ctx, {});
  carol = await createUser(ctx, {});
  for (const [i, category] of [
    'concert',
    'concert',
    'theater',
    'sports',
    'comedy',
    'concert',
  ].entries()) {
    events.push(
      await createPublishedEvent(ctx, admin, { category, title: `Community ${i}`, inDays: 5 + i }),
    );
  }
});

async function favoriteRows(userId: string) {
  const rows = await platform.database.db.execute<{ event_id: number }>(
    sql`SELECT event_id FROM community_favorites WHERE user_id = ${userId} ORDER BY event_id`,
  );
  return rows.rows.map((r) => r.event_id);
}

describe('native favourites', () => {
  it('PUT is idempotent: 201 the first time, 200 after, one row', async () => {
    const first = await app.inject({
      method: 'PUT',
      url: `/v1/me/favorites/${events[0]}`,
      headers: alice.headers,
    });
    expect(first.statusCode).toBe(201);
    expect(first.json().data).toEqual({ eventId: events[0], favorited: true, favoriteCount: 1 });
    const second = await app.inject({
      method: 'PUT',
      url: `/v1/me/favorites/${events[0]}`,
      headers: alice.headers,
    });
    expect(second.statusCode).toBe(200);
    expect(await favoriteRows(alice.id)).toEqual([events[0]]);
  });

  it('publishes community.favorite.added and removed once each', async () => {
    await app.inject({
      method: 'PUT',
      url: `/v1/me/favorites/${events[1]}`,
      headers: alice.headers,
    });
    await app.inject({
      method: 'DELETE',
      url: `/v1/me/favorites/${events[1]}`,
      headers: alice.headers,
    });
    const rows = await platform.database.db.execute<{ name: string; payload: { eventId: number } }>(
      sql`SELECT name, payload FROM outbox_events WHERE name LIKE 'community.favorite.%' AND (payload->>'eventId')::int = ${events[1]} ORDER BY id`,
    );
    expect(rows.rows.map((r) => r.name)).toEqual([
      COMMUNITY_EVENTS.favoriteAdded,
      COMMUNITY_EVENTS.favoriteRemoved,
    ]);
  });

  it('needs a signed-in user and answers 404 for an unknown event', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/me/favorites' })).statusCode).toBe(401);
    expect(
      (await app.inject({ method: 'PUT', url: `/v1/me/favorites/${events[0]}` })).statusCode,
    ).toBe(401);
    const missing = await app.inject({
      method: 'PUT',
      url: '/v1/me/favorites/999999',
      headers: alice.headers,
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('CATALOG.EVENT_NOT_FOUND');
  });

  it("lists only the caller's favourites (object-level authorization), paginated and sorted", async () => {
    await app.inject({
      method: 'PUT',
      url: `/v1/me/favorites/${events[2]}`,
      headers: alice.headers,
    });
    await app.inject({ method: 'PUT', url: `/v1/me/favorites/${events[3]}`, headers: bob.headers });
    const mine = await app.inject({
      method: 'GET',
      url: '/v1/me/favorites?sort=startsAt',
      headers: alice.headers,
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().data.map((e: { id: number }) => e.id)).toEqual([events[0], events[2]]);
    expect(mine.json().meta).toEqual({ page: 1, limit: 20, total: 2, totalPages: 1 });
    expect(mine.json().data[0]).toMatchObject({ favorited: true, favoritedAt: expect.any(String) });
    const paged = await app.inject({
      method: 'GET',
      url: '/v1/me/favorites?sort=-startsAt&limit=1&page=2',
      headers: alice.headers,
    });
    expect(paged.json().data.map((e: { id: number }) => e.id)).toEqual([events[0]]);
    const past = await app.inject({
      method: 'GET',
      url: '/v1/me/favorites?when=past',
      headers: alice.headers,
    });
    expect(past.json().data).toEqual([]);
    const badSort = await app.inject({
      method: 'GET',
      url: '/v1/me/favorites?sort=password',
      headers: alice.headers,
    });
    expect(badSort.statusCode).toBe(400);
    // Bob deleting Alice's favourite only touches his own list.
    await app.inject({
      method: 'DELETE',
      url: `/v1/me/favorites/${events[0]}`,
      headers: bob.headers,
    });
    expect(await favoriteRows(alice.id)).toEqual([events[0], events[2]]);
  });

  it("adds favorited and favoriteCount to the catalogue's event reads for a signed-in user", async () => {
    const one = await app.inject({
      method: 'GET',
      url: `/v1/events/${events[0]}`,
      headers: alice.headers,
    });
    expect(one.statusCode).toBe(200);
    expect(one.json().data).toMatchObject({ id: events[0], favorited: true, favoriteCount: 1 });
    const asBob = await app.inject({
      method: 'GET',
      url: `/v1/events/${events[0]}`,
      headers: bob.headers,
    });
    expect(asBob.json().data).toMatchObject({ favorited: false, favoriteCount: 1 });
    expect(asBob.headers.etag).not.toBe(one.headers.etag);
    const list = await app.inject({
      method: 'GET',
      url: '/v1/events?limit=100',
      headers: alice.headers,
    });
    const byId = new Map(list.json().data.map((e: { id: number }) => [e.id, e]));
    expect(byId.get(events[2])).toMatchObject({ favorited: true, favoriteCount: 1 });
    expect(byId.get(events[4])).toMatchObject({ favorited: false, favoriteCount: 0 });
    const count = await app.inject({ method: 'GET', url: `/v1/events/${events[0]}/favorites` });
    expect(count.json().data).toEqual({ eventId: events[0], favorited: false, favoriteCount: 1 });
  });
});

describe('popularity and trending', () => {
  it('counts a viewer once per hour and writes nothing until flushed', async () => {
    const before = await platform.database.db.execute(
      sql`SELECT count(*)::int AS n FROM community_event_views`,
    );
    for (let i = 0; i < 3; i++) {
      await app.inject({
        method: 'GET',
        url: `/v1/events/${events[4]}`,
        headers: { 'user-agent': 'same' },
      });
    }
    await app.inject({ method: 'GET', url: `/v1/events/${events[4]}`, headers: carol.headers });
    const during = await platform.database.db.execute(
      sql`SELECT count(*)::int AS n FROM community_event_views`,
    );
    expect(during.rows[0]).toEqual(before.rows[0]);
    expect(ctx.modules.community.context.views.pendingCount).toBeGreaterThanOrEqual(2);
    await ctx.modules.community.context.views.flush();
    const rows = await platform.database.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM community_event_views WHERE event_id = ${events[4]}`,
    );
    expect(rows.rows[0]!.n).toBe(2);
    // The same viewer again in the same hour, after a flush: still one row.
    await app.inject({
      method: 'GET',
      url: `/v1/events/${events[4]}`,
      headers: { 'user-agent': 'same' },
    });
    await ctx.modules.community.context.views.flush();
    const again = await platform.database.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM community_event_views WHERE event_id = ${events[4]}`,
    );
    expect(again.rows[0]!.n).toBe(2);
    // Stored viewers are digests: neither the IP, the user agent nor the user id.
    const viewers = await platform.database.db.execute<{ viewer: string }>(
      sql`SELECT viewer FROM community_event_views WHERE event_id = ${events[4]}`,
    );
    for (const { viewer } of viewers.rows) {
      expect(viewer).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(viewer).not.toContain('same');
    }
  });

  it('ranks trending by decayed activity and counts purchases from ticketing', async () => {
    await platform.database.transaction(async (tx) => {
      const { addEvent } = await import('../../platform/events/outbox.js');
      await addEvent(tx, {
        name: TICKETING_EVENTS.orderConfirmed,
        payload: {
          orderId: '00000000-0000-4000-8000-000000000001',
          eventId: events[5],
          userId: carol.id,
          totalMinor: 4500,
          currency: 'EUR',
          tickets: 3,
        },
      });
    });
    await platform.relay.drain();
    await platform.relay.drain();
    await ctx.modules.community.context.community.refreshPopularity();
    const res = await app.inject({ method: 'GET', url: '/v1/events/trending?limit=3' });
    expect(res.statusCode).toBe(200);
    const ids = res.json().data.map((e: { id: number }) => e.id);
    // 3 tickets (30) beat 1 favourite plus 2 views (7) and 2 favourites (10).
    expect(ids[0]).toBe(events[5]);
    expect(res.json().data[0].popularity).toBeGreaterThan(res.json().data[1].popularity);
    const concerts = await app.inject({
      method: 'GET',
      url: '/v1/events/trending?category=theater',
    });
    expect(concerts.json().data.every((e: { category: string }) => e.category === 'theater')).toBe(
      true,
    );
  });
});

describe('recommendations', () => {
  it('needs a signed-in user', async () => {
    expect((await app.inject({ method: 'GET', url: '/v1/recommendations' })).statusCode).toBe(401);
  });

  it('falls back to trending for a new user', async () => {
    const newcomer = await createUser(ctx, {});
    const res = await app.inject({
      method: 'GET',
      url: '/v1/recommendations?limit=3',
      headers: newcomer.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data[0]).toMatchObject({
      event: { id: events[5] },
      reason: { code: 'trending' },
    });
  });

  it('recommends co-favourites and same-category events, never what is already saved or bought', async () => {
    // Bob saved events[3] and events[4]; Alice saves events[3] too: events[4] co-occurs.
    await app.inject({ method: 'PUT', url: `/v1/me/favorites/${events[4]}`, headers: bob.headers });
    await app.inject({
      method: 'PUT',
      url: `/v1/me/favorites/${events[3]}`,
      headers: alice.headers,
    });
    const res = await app.inject({
      method: 'GET',
      url: '/v1/recommendations',
      headers: alice.headers,
    });
    const items = res.json().data as Array<{ event: { id: number }; reason: { code: string } }>;
    const ids = items.map((i) => i.event.id);
    expect(ids).not.toContain(events[0]);
    expect(ids).not.toContain(events[2]);
    expect(ids).not.toContain(events[3]);
    expect(items.find((i) => i.event.id === events[4])?.reason.code).toBe('co_favorited');
    expect(items.find((i) => i.event.id === events[1])?.reason.code).toBe('favorite_category');
    const carolRes = await app.inject({
      method: 'GET',
      url: '/v1/recommendations',
      headers: carol.headers,
    });
    expect(carolRes.json().data.map((i: { event: { id: number } }) => i.event.id)).not.toContain(
      events[5],
    );
  });
});

describe("the catalogue's sort=popularity", () => {
  const organizerId = '6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f';
  const ranked = async (query = '', sort = 'popularity') => {
    const res = await app.inject({
      method: 'GET',
      url: `/v1/events?organizerId=${organizerId}&sort=${sort}${query}`,
    });
    expect(res.statusCode).toBe(200);
    return res.json().data.map((e: { id: number }) => e.id) as number[];
  };
  const runJob = async () => {
    await ctx.modules.community.context.views.flush();
    await ctx.modules.community.context.community.refreshPopularity();
  };

  it('orders by views, favourites and tickets once the popularity job ran, and resets stale scores', async () => {
    const admin = await createUser(ctx, { roles: ['admin'] });
    const make = (title: string, inDays: number) =>
      createPublishedEvent(ctx, admin, { category: 'concert', title, inDays, organizerId });
    const quiet = await make('Quiet', 39);
    const viewed = await make('Viewed', 40);
    const saved = await make('Saved', 41);
    const sold = await make('Sold', 42);
    // Without scores, equal popularity falls back to the soonest first.
    expect(await ranked()).toEqual([quiet, viewed, saved, sold]);

    for (const agent of ['one', 'two']) {
      await app.inject({ url: `/v1/events/${viewed}`, headers: { 'user-agent': agent } });
    }
    await app.inject({ method: 'PUT', url: `/v1/me/favorites/${saved}`, headers: bob.headers });
    await platform.database.transaction((tx) =>
      addEvent(tx, {
        name: TICKETING_EVENTS.orderConfirmed,
        payload: {
          orderId: '00000000-0000-4000-8000-000000000002',
          eventId: sold,
          userId: carol.id,
          totalMinor: 1000,
          currency: 'EUR',
          tickets: 1,
        },
      }),
    );
    await platform.relay.drain();
    // Nothing moves before the job: the list never computes scores itself.
    expect(await ranked()).toEqual([quiet, viewed, saved, sold]);

    await runJob();
    // One ticket (10) beats one favourite (5) beats two views (2) beats nothing. Cached
    // list pages are dropped through LISTEN/NOTIFY after the job commits.
    await expect.poll(() => ranked()).toEqual([sold, saved, viewed, quiet]);
    expect(await ranked('&limit=2&page=1')).toEqual([sold, saved]);
    expect(await ranked('&limit=2&page=2')).toEqual([viewed, quiet]);
    // Best first whatever the sign, like relevance.
    expect(await ranked('', '-popularity')).toEqual([sold, saved, viewed, quiet]);

    // A cancelled order stops counting: the next run drops the event back to 0.
    await platform.database.transaction((tx) =>
      addEvent(tx, {
        name: TICKETING_EVENTS.orderCancelled,
        payload: {
          orderId: '00000000-0000-4000-8000-000000000002',
          eventId: sold,
          userId: carol.id,
          status: 'cancelled',
          reason: 'buyer',
          refundMinor: 1000,
        },
      }),
    );
    await platform.relay.drain();
    await runJob();
    await expect.poll(() => ranked()).toEqual([saved, viewed, quiet, sold]);
  });
});
