import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createEventDirect } from '../../../../test/fixtures/catalog.js';

/** What a discovery result carries beyond the event: distances, facet counts, past events. */
const ctx = await useTestApp();
const { app, platform } = ctx;

const DAY = 86_400_000;
const inDays = (days: number) => new Date(Date.now() + days * DAY);
// One degree of latitude on PostgreSQL's earth sphere (earth() = 6378168 m).
const KM_PER_DEGREE = (6378.168 * Math.PI) / 180;
const ids: Record<string, number> = {};

beforeAll(async () => {
  const make = async (key: string, spec: Parameters<typeof createEventDirect>[1]) => {
    ids[key] = (await createEventDirect(ctx, spec)).id;
  };
  await make('near', {
    title: 'Near',
    category: 'theater',
    occurrences: [{ startsAt: inDays(3), latitude: 10 + 2 / KM_PER_DEGREE, longitude: 10 }],
    // Two ticket types in one price bucket, a third in another.
    ticketTypes: [{ priceMinor: 1000 }, { priceMinor: 1500 }, { priceMinor: 3000 }],
  });
  await make('far', {
    title: 'Far',
    category: 'theater',
    occurrences: [
      { startsAt: inDays(4), latitude: 10 + 30 / KM_PER_DEGREE, longitude: 10 },
      { startsAt: inDays(5), latitude: 10 + 7.5 / KM_PER_DEGREE, longitude: 10 },
    ],
    ticketTypes: [{ priceMinor: 1200 }, { priceMinor: 1800 }],
  });
  await make('ended', {
    title: 'Ended',
    category: 'theater',
    occurrences: [{ startsAt: inDays(-3) }],
  });
  // What the completion job makes of a past event.
  await platform.database.db.execute(
    sql`UPDATE catalog_events SET status = 'completed' WHERE id = ${ids.ended}`,
  );
});

const list = (query: string) => app.inject({ method: 'GET', url: `/v1/events${query}` });

describe('discovery results', () => {
  it('gives each result of a geo search its distance in km (nearest occurrence)', async () => {
    const res = await list('?near=10,10&radiusKm=50&sort=distance');
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json().data as { id: number; distanceKm: number }[];
    expect(data.map((e) => e.id)).toEqual([ids.near, ids.far]);
    expect(data[0]!.distanceKm).toBeCloseTo(2, 2);
    expect(data[1]!.distanceKm).toBeCloseTo(7.5, 2);
    // Without near there is no distance to give.
    const plain = (await list('?category=theater')).json().data as object[];
    expect(plain.length).toBeGreaterThan(0);
    for (const event of plain) expect(event).not.toHaveProperty('distanceKm');
  });

  it('counts each event once per price bucket, however many ticket types fall in it', async () => {
    const res = await list('?category=theater&facets=price');
    expect(res.statusCode, res.body).toBe(200);
    const buckets = res.json().meta.facets.price as { value: string; count: number }[];
    const count = (value: string) => buckets.find((b) => b.value === value)?.count;
    expect(count('under-20')).toBe(2);
    expect(count('20-50')).toBe(1);
    expect(count('free')).toBe(0);
  });

  it('lists past (completed) events when upcoming=false, in both APIs', async () => {
    const upcoming = (await list('?category=theater')).json().data as { id: number }[];
    expect(upcoming.map((e) => e.id)).not.toContain(ids.ended);
    const all = (await list('?category=theater&upcoming=false')).json().data as { id: number }[];
    expect(all.map((e) => e.id)).toContain(ids.ended);
    const tickest = await app.inject({ url: '/api/events?category=theater&upcoming=false' });
    expect((tickest.json() as { eventId: number }[]).map((e) => e.eventId)).toContain(ids.ended);
    const tickestUpcoming = await app.inject({ url: '/api/events?category=theater' });
    expect((tickestUpcoming.json() as { eventId: number }[]).map((e) => e.eventId)).not.toContain(
      ids.ended,
    );
  });

  it('explains bad dates and points with an example, not a regular expression', async () => {
    for (const [query, field, example] of [
      ['?dateFrom=tomorrow', 'query.dateFrom', 'such as 2027-05-01'],
      ['?dateTo=2027-5-1', 'query.dateTo', 'such as 2027-05-01'],
      ['?near=amsterdam', 'query.near', 'must be lat,lng such as 52.37,4.89'],
    ] as const) {
      const res = await list(query);
      expect(res.statusCode, query).toBe(400);
      const error = res.json().errors.find((e: { field: string }) => e.field === field);
      expect(error.message, query).toContain(example);
      expect(res.json().detail).not.toMatch(/\\d|\^|pattern/);
    }
  });
});
