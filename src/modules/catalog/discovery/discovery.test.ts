import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createEventDirect } from '../../../../test/fixtures/catalog.js';

const ctx = await useTestApp();
const { app, platform } = ctx;

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY);
const ORGANIZER = randomUUID();
// One degree of latitude on PostgreSQL's earth sphere (earth() = 6378168 m).
const KM_PER_DEGREE = (6378.168 * Math.PI) / 180;
const P = { lat: 40, lng: 20 };
const ids: Record<string, number> = {};

beforeAll(async () => {
  const make = async (key: string, spec: Parameters<typeof createEventDirect>[1]) => {
    ids[key] = (await createEventDirect(ctx, spec)).id;
  };
  await make('rock', {
    title: 'Rock concert night',
    category: 'concert',
    tags: ['rock', 'live'],
    organizerId: ORGANIZER,
    createdAt: inDays(-5),
    occurrences: [{ startsAt: inDays(3), city: 'Athens', latitude: 37.9838, longitude: 23.7275 }],
    ticketTypes: [{ priceMinor: 2500 }],
  });
  await make('symphony', {
    title: 'Symphony orchestra gala',
    category: 'concert',
    tags: ['classical'],
    createdAt: inDays(-4),
    occurrences: [
      { startsAt: inDays(10), city: 'Thessaloniki', latitude: 40.6401, longitude: 22.9444 },
    ],
    ticketTypes: [{ priceMinor: 6000 }, { priceMinor: 9000 }],
  });
  await make('comedy', {
    title: 'Comedy club special',
    category: 'comedy',
    tags: ['stand-up'],
    createdAt: inDays(-3),
    occurrences: [{ startsAt: inDays(5), city: 'athens' }],
    ticketTypes: [{ priceMinor: 0 }],
  });
  await make('tech', {
    title: 'Backend engineering conference',
    category: 'conference',
    tags: ['tech'],
    createdAt: inDays(-2),
    occurrences: [{ startsAt: inDays(20), city: 'Berlin', latitude: 52.52, longitude: 13.405 }],
    ticketTypes: [{ priceMinor: 15000, capacity: 50, sold: 50 }],
  });
  await make('inside', {
    title: 'Lakeside folk evening',
    category: 'other',
    createdAt: inDays(-1),
    occurrences: [
      {
        startsAt: inDays(30),
        city: 'Ioannina',
        latitude: P.lat + 9.9 / KM_PER_DEGREE,
        longitude: P.lng,
      },
    ],
  });
  await make('outside', {
    title: 'Mountain folk evening',
    category: 'other',
    occurrences: [
      {
        startsAt: inDays(31),
        city: 'Ioannina',
        latitude: P.lat + 10.1 / KM_PER_DEGREE,
        longitude: P.lng,
      },
    ],
  });
  await make('draft', {
    title: 'Secret concert draft',
    status: 'draft',
    occurrences: [{ city: 'Athens' }],
  });
  await make('unlisted', { title: 'Private concert unlisted', visibility: 'unlisted' });
  await make('past', {
    title: 'Old concert in Athens',
    occurrences: [{ startsAt: inDays(-2), city: 'Athens' }],
  });
});

async function list(query: string) {
  const res = await app.inject({ method: 'GET', url: `/v1/events${query}` });
  return res;
}
const titlesOf = async (query: string) => {
  const res = await list(query);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json().data as { id: number }[]).map((e) =>
    Object.keys(ids).find((k) => ids[k] === e.id),
  );
};

describe('public discovery', () => {
  it('lists published public upcoming events only, soonest first', async () => {
    expect(await titlesOf('')).toEqual(['rock', 'comedy', 'symphony', 'tech', 'inside', 'outside']);
  });

  it('never shows drafts or unlisted events, but an unlisted event is reachable by id', async () => {
    const all = await titlesOf('?upcoming=false&limit=100');
    expect(all).not.toContain('draft');
    expect(all).not.toContain('unlisted');
    expect((await list('?q=secret')).json().data).toEqual([]);
    expect((await app.inject({ url: `/v1/events/${ids.unlisted}` })).statusCode).toBe(200);
    expect((await app.inject({ url: `/v1/events/${ids.draft}` })).statusCode).toBe(404);
  });

  it('includes past events when upcoming=false', async () => {
    expect(await titlesOf('?upcoming=false&sort=startsAt')).toEqual([
      'past',
      'rock',
      'comedy',
      'symphony',
      'tech',
      'inside',
      'outside',
    ]);
  });

  it('finds concerts in Athens despite typos ("concrt athnes")', async () => {
    expect(await titlesOf('?q=concrt%20athnes')).toEqual(['rock']);
    expect(await titlesOf('?q=Symphny')).toEqual(['symphony']);
    expect(await titlesOf('?q=ATHÈNS&sort=title')).toEqual(['comedy', 'rock']);
  });

  it('ranks by relevance with q and searches tags and organizer names', async () => {
    expect(await titlesOf('?q=rock')).toEqual(['rock']);
    expect(await titlesOf('?q=stand-up')).toEqual(['comedy']);
    expect((await titlesOf('?q=test%20organizer')).length).toBe(6);
  });

  it('filters by one or many categories and rejects unknown ones naming the parameter', async () => {
    expect(await titlesOf('?category=comedy')).toEqual(['comedy']);
    expect(await titlesOf('?category=comedy&category=conference')).toEqual(['comedy', 'tech']);
    expect(await titlesOf('?category=comedy,conference')).toEqual(['comedy', 'tech']);
    const res = await list('?category=opera');
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('query.category');
  });

  it('filters by tags, city (case- and accent-insensitive) and organizer', async () => {
    expect(await titlesOf('?tags=Rock')).toEqual(['rock']);
    expect(await titlesOf('?tags=rock,tech')).toEqual(['rock', 'tech']);
    expect(await titlesOf('?city=ATHENS')).toEqual(['rock', 'comedy']);
    expect(await titlesOf(`?organizerId=${ORGANIZER}`)).toEqual(['rock']);
  });

  it('finds events within a radius: 9.9 km inside, 10.1 km outside', async () => {
    expect(await titlesOf(`?near=${P.lat},${P.lng}&radiusKm=10`)).toEqual(['inside']);
    expect(await titlesOf(`?near=${P.lat},${P.lng}&radiusKm=10.2&sort=-distance`)).toEqual([
      'outside',
      'inside',
    ]);
    expect(await titlesOf(`?near=${P.lat},${P.lng}&radiusKm=10.2&sort=distance`)).toEqual([
      'inside',
      'outside',
    ]);
  });

  it('filters by dates, availability, price and free', async () => {
    const from = inDays(4).toISOString().slice(0, 10);
    const to = inDays(11).toISOString().slice(0, 10);
    expect(await titlesOf(`?dateFrom=${from}&dateTo=${to}`)).toEqual(['comedy', 'symphony']);
    expect(await titlesOf('?availableOnly=true&category=conference')).toEqual([]);
    expect(await titlesOf('?minPrice=5000&maxPrice=7000')).toEqual(['symphony']);
    expect(await titlesOf('?minPrice=8000&maxPrice=9500')).toEqual(['symphony']);
    expect(await titlesOf('?free=true')).toEqual(['comedy']);
    expect(await titlesOf('?free=false&category=comedy')).toEqual([]);
  });

  it('combines filters', async () => {
    expect(
      await titlesOf('?q=concert&city=athens&maxPrice=3000&category=concert&availableOnly=true'),
    ).toEqual(['rock']);
  });

  it('sorts by every whitelisted field', async () => {
    expect(await titlesOf('?sort=-startsAt&category=concert')).toEqual(['symphony', 'rock']);
    expect(await titlesOf('?sort=price&category=concert,comedy,conference')).toEqual([
      'comedy',
      'rock',
      'symphony',
      'tech',
    ]);
    expect(await titlesOf('?sort=title&category=concert,comedy')).toEqual([
      'comedy',
      'rock',
      'symphony',
    ]);
    expect(await titlesOf('?sort=-createdAt&category=concert,comedy')).toEqual([
      'comedy',
      'symphony',
      'rock',
    ]);
  });

  it('answers 400 naming the parameter for bad values', async () => {
    for (const [query, field] of [
      ['?sort=popularityx', 'query.sort'],
      ['?sort=relevance', 'query.sort'],
      ['?sort=distance', 'query.sort'],
      ['?dateFrom=2025-13-45', 'query.dateFrom'],
      ['?dateTo=yesterday', 'query.dateTo'],
      ['?minPrice=ten', 'query.minPrice'],
      ['?near=40,20&radiusKm=0', 'query.radiusKm'],
      ['?near=40,20&radiusKm=501', 'query.radiusKm'],
      ['?near=95,20', 'query.near'],
      ['?radiusKm=5', 'query.radiusKm'],
      ['?facets=venue', 'query.facets'],
      ['?limit=101', 'query.limit'],
      ['?colour=red', 'query.colour'],
    ]) {
      const res = await list(query!);
      expect(res.statusCode, query).toBe(400);
      expect(
        res.json().errors.map((e: { field: string }) => e.field),
        query,
      ).toContain(field);
    }
  });

  it('paginates with meta', async () => {
    const res = await list('?limit=4&page=2');
    expect(res.json().meta).toEqual({ page: 2, limit: 4, total: 6, totalPages: 2 });
    expect(res.json().data).toHaveLength(2);
  });

  it('returns facets whose counts equal the filtered totals', async () => {
    const res = await list('?facets=category,city,price&upcoming=true');
    const { facets, total } = res.json().meta;
    expect(facets.category.reduce((n: number, f: { count: number }) => n + f.count, 0)).toBe(total);
    for (const facet of facets.category) {
      expect((await list(`?category=${facet.value}`)).json().meta.total).toBe(facet.count);
    }
    for (const facet of facets.city) {
      expect((await list(`?city=${encodeURIComponent(facet.value)}`)).json().meta.total).toBe(
        facet.count,
      );
    }
    for (const facet of facets.price) {
      const max = facet.max === null ? '' : `&maxPrice=${facet.max}`;
      expect((await list(`?minPrice=${facet.min}${max}`)).json().meta.total, facet.value).toBe(
        facet.count,
      );
    }
    expect(
      facets.city.find((c: { value: string }) => c.value.toLowerCase() === 'athens').count,
    ).toBe(2);
  });

  it('treats injection attempts in q, city and tags as plain text', async () => {
    for (const query of [
      `?q=${encodeURIComponent("'; DROP TABLE catalog_events; --")}`,
      `?q=${encodeURIComponent('rock | !(a) & :* <-> \\')}`,
      `?city=${encodeURIComponent("Athens' OR '1'='1")}`,
      `?tags=${encodeURIComponent("x'); DELETE FROM catalog_events; --")}`,
      `?q=${encodeURIComponent('.*(a+)+$')}`,
    ]) {
      const res = await list(query);
      expect(res.statusCode, query).toBe(200);
    }
    expect((await list(`?city=${encodeURIComponent("Athens' OR '1'='1")}`)).json().data).toEqual(
      [],
    );
    const count = await platform.database.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM catalog_events`,
    );
    expect(count.rows[0]!.n).toBe(9);
  });

  it('autocompletes tags and cities with counts', async () => {
    const tags = await app.inject({ url: '/v1/tags?prefix=ro' });
    expect(tags.json().data).toEqual([{ value: 'rock', count: 1 }]);
    const cities = await app.inject({ url: '/v1/cities?prefix=ath' });
    expect(cities.json().data).toEqual([{ value: 'Athens', count: 3 }]);
    const injected = await app.inject({ url: `/v1/cities?prefix=${encodeURIComponent('%')}` });
    expect(injected.json().data).toEqual([]);
  });
});
