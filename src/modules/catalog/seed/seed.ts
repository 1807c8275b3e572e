import { sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/database.js';
import type { Database } from '../../../platform/db/database.js';
import {
  catalogOrganizers,
  eventTemplates,
  events,
  occurrences,
  ticketTypes,
} from '../catalog.tables.js';
import { refreshEvents } from '../events/events.repository.js';
import { SAMPLE_CITIES, SAMPLE_EVENTS, SAMPLE_TEMPLATES } from './sample-events.js';
import { sampleImageFile } from './sample-images.js';

export interface SeedOrganizer {
  id: string;
  name: string;
}

/** The UTC instant of `hour`:00 local time in `timeZone`, `days` from today. */
export function localTime(days: number, hour: number, timeZone: string, now = new Date()): Date {
  const guess = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + days, hour),
  );
  const asLocal = new Date(guess.toLocaleString('en-US', { timeZone }));
  const asUtc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(guess.getTime() - (asLocal.getTime() - asUtc.getTime()));
}

async function rememberOrganizer(tx: Tx, organizer: SeedOrganizer) {
  await tx
    .insert(catalogOrganizers)
    .values(organizer)
    .onConflictDoUpdate({ target: catalogOrganizers.id, set: { name: organizer.name } });
}

/** True when the catalogue holds no events yet. */
export async function isCatalogEmpty(database: Database): Promise<boolean> {
  const r = await database.db.execute<{ any: boolean }>(
    sql`SELECT EXISTS (SELECT 1 FROM catalog_events) AS any`,
  );
  return !r.rows[0]?.any;
}

/**
 * Writes the sample catalogue (published events and templates) for
 * `organizer`; each event shows its category's sample image, served by
 * Marquee at `baseUrl`/images.
 */
export async function seedSampleCatalog(
  database: Database,
  organizer: SeedOrganizer,
  ownerUserId: string | null = null,
  baseUrl = 'http://localhost:3000',
): Promise<number[]> {
  return database.transaction(async (tx) => {
    await rememberOrganizer(tx, organizer);
    const ids: number[] = [];
    for (const sample of SAMPLE_EVENTS) {
      const timeZone = SAMPLE_CITIES[sample.shows[0]![0]].tz;
      const past = sample.shows.every(([, , days]) => days < 0);
      const [row] = await tx
        .insert(events)
        .values({
          organizerId: organizer.id,
          organizerName: organizer.name,
          title: sample.title,
          description: sample.description,
          category: sample.category,
          tags: sample.tags,
          image: `${baseUrl}/images/${sampleImageFile(sample.category)}`,
          status: past ? 'completed' : 'published',
          timeZone,
          publishedAt: sql`now()`,
        })
        .returning({ id: events.id });
      const id = row!.id;
      ids.push(id);
      await tx.insert(occurrences).values(
        sample.shows.map(([key, venue, days, hour, hours]) => {
          const place = SAMPLE_CITIES[key];
          const startsAt = localTime(days, hour, place.tz);
          return {
            eventId: id,
            startsAt,
            endsAt: new Date(startsAt.getTime() + hours * 3_600_000),
            venueName: venue,
            city: place.city,
            country: place.country,
            latitude: place.lat,
            longitude: place.lng,
          };
        }),
      );
      await tx.insert(ticketTypes).values(
        sample.tickets.map(([name, priceMinor, capacity], index) => ({
          eventId: id,
          name,
          priceMinor,
          currency: 'EUR',
          capacity,
          sortOrder: index,
          maxPerOrder: Math.min(10, capacity),
        })),
      );
    }
    await tx.insert(eventTemplates).values(SAMPLE_TEMPLATES.map((t) => ({ ...t, ownerUserId })));
    await refreshEvents(tx, ids);
    return ids;
  });
}

const WORDS = {
  adjectives: [
    'Summer',
    'Winter',
    'Midnight',
    'Grand',
    'Open-Air',
    'Acoustic',
    'Electric',
    'Classic',
    'Urban',
    'Golden',
    'Secret',
    'Late',
    'Sunday',
    'Royal',
    'Wild',
  ],
  nouns: [
    'Jazz Night',
    'Rock Show',
    'Symphony',
    'Festival',
    'Summit',
    'Stand-up',
    'Workshop',
    'Exhibition',
    'Screening',
    'Marathon',
    'Derby',
    'Market',
    'Opera',
    'Tour',
    'Gala',
  ],
  categories: [
    'concert',
    'theater',
    'sports',
    'festival',
    'conference',
    'comedy',
    'workshop',
    'exhibition',
    'movie',
    'other',
  ],
  tags: [
    'live',
    'family',
    'outdoor',
    'indie',
    'classic',
    'tech',
    'food',
    'art',
    'kids',
    'nightlife',
    'free-entry',
    'premiere',
  ],
};

const literal = (values: readonly string[]) =>
  sql.raw(`ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]::text[]`);

/**
 * Bulk-generates `count` published events with occurrences and ticket types,
 * set-based in one transaction (INSERT ... SELECT generate_series), for benchmarks.
 */
export async function generateEvents(
  database: Database,
  organizer: SeedOrganizer,
  count: number,
): Promise<void> {
  const cities = Object.values(SAMPLE_CITIES);
  const cityRows = sql.raw(
    cities
      .map((c, i) => `(${i}, '${c.city}', '${c.country}', ${c.lat}, ${c.lng}, '${c.tz}')`)
      .join(', '),
  );
  await database.transaction(async (tx) => {
    await rememberOrganizer(tx, organizer);
    for (const table of ['catalog_events', 'catalog_event_occurrences', 'catalog_ticket_types']) {
      await tx.execute(sql.raw(`ALTER TABLE ${table} DISABLE TRIGGER USER`));
    }
    const [{ max } = { max: 0 }] = (
      await tx.execute<{ max: number }>(
        sql`SELECT coalesce(max(id), 0)::int AS max FROM catalog_events`,
      )
    ).rows;
    await tx.execute(sql`
      INSERT INTO catalog_events (organizer_id, organizer_name, title, description, category, tags, status,
                          visibility, time_zone, published_at, created_at)
      SELECT ${organizer.id}::uuid, ${organizer.name},
             adj[1 + abs(hashint4(i)) % cardinality(adj)] || ' ' || noun[1 + abs(hashint4(i + 1)) % cardinality(noun)] || ' #' || i,
             'Generated event ' || i || ': ' || lower(noun[1 + abs(hashint4(i + 1)) % cardinality(noun)]) || ' with ' || tag[1 + abs(hashint4(i + 2)) % cardinality(tag)] || ' vibes.',
             cat[1 + abs(hashint4(i + 3)) % cardinality(cat)],
             ARRAY[tag[1 + abs(hashint4(i + 2)) % cardinality(tag)], tag[1 + abs(hashint4(i + 4)) % cardinality(tag)]],
             CASE WHEN i % 50 = 0 THEN 'draft' ELSE 'published' END,
             CASE WHEN i % 97 = 0 THEN 'unlisted' ELSE 'public' END,
             'UTC', now(), now() - make_interval(mins => i % 100000)
        FROM generate_series(1, ${count}::int) AS i,
             (SELECT ${literal(WORDS.adjectives)} AS adj, ${literal(WORDS.nouns)} AS noun,
                     ${literal(WORDS.categories)} AS cat, ${literal(WORDS.tags)} AS tag) AS words`);
    await tx.execute(sql`
      INSERT INTO catalog_event_occurrences (event_id, starts_at, ends_at, venue_name, city, country, latitude, longitude)
      SELECT e.id, s.starts_at, s.starts_at + interval '2 hours', 'Venue ' || (e.id % 200), c.city, c.country,
             c.lat + ((e.id % 41) - 20) * 0.002, c.lng + ((e.id % 37) - 18) * 0.002
        FROM catalog_events e
        JOIN (VALUES ${cityRows}) AS c(n, city, country, lat, lng, tz) ON c.n = abs(hashint4(e.id + 5)) % ${cities.length}
        CROSS JOIN LATERAL (
          SELECT date_trunc('hour', now()) + make_interval(days => (e.id * 37) % 420 - 40, hours => 10 + e.id % 11) AS starts_at
          UNION ALL
          SELECT date_trunc('hour', now()) + make_interval(days => (e.id * 37) % 420 - 33, hours => 10 + e.id % 11)
           WHERE e.id % 4 = 0
        ) s
       WHERE e.id > ${max}`);
    await tx.execute(sql`
      INSERT INTO catalog_ticket_types (event_id, name, price_minor, currency, capacity, sold, sort_order)
      SELECT e.id, t.name, t.price, 'EUR', t.capacity, least(t.capacity, (e.id * 17) % (t.capacity + 50)), t.sort
        FROM catalog_events e
        CROSS JOIN LATERAL (
          SELECT 'General admission' AS name, CASE WHEN e.id % 9 = 0 THEN 0 ELSE 500 * (1 + e.id % 24) END AS price,
                 100 + e.id % 900 AS capacity, 0 AS sort
          UNION ALL
          SELECT 'VIP', 2500 * (2 + e.id % 10), 20 + e.id % 80, 1 WHERE e.id % 3 = 0
        ) t
       WHERE e.id > ${max}`);
    await tx.execute(
      sql`SELECT catalog_refresh_events(ARRAY(SELECT id FROM catalog_events WHERE id > ${max}))`,
    );
    for (const table of ['catalog_events', 'catalog_event_occurrences', 'catalog_ticket_types']) {
      await tx.execute(sql.raw(`ALTER TABLE ${table} ENABLE TRIGGER USER`));
    }
  });
  // Fresh statistics and no GIN pending lists before anyone measures.
  await database.db.execute(
    sql`VACUUM ANALYZE catalog_events, catalog_event_occurrences, catalog_ticket_types, catalog_search_words`,
  );
}
