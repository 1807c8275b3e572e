import { and, count, desc, eq, gte, inArray, ne, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/database.js';
import { eventPopularity, eventPurchases, eventViews, favorites } from './community.tables.js';
import type { SignalBucket } from './ranking.js';

/** Inserts the favourite; false when it already existed. */
export async function insertFavorite(tx: Tx, userId: string, eventId: number): Promise<boolean> {
  const rows = await tx
    .insert(favorites)
    .values({ userId, eventId })
    .onConflictDoNothing()
    .returning({ eventId: favorites.eventId });
  return rows.length > 0;
}

/** Deletes the favourite; false when there was none. */
export async function deleteFavorite(tx: Tx, userId: string, eventId: number): Promise<boolean> {
  const rows = await tx
    .delete(favorites)
    .where(and(eq(favorites.userId, userId), eq(favorites.eventId, eventId)))
    .returning({ eventId: favorites.eventId });
  return rows.length > 0;
}

/** The user's favourites, newest first, with when each was saved. */
export function favoritesOf(db: Executor, userId: string, max: number) {
  return db
    .select({ eventId: favorites.eventId, favoritedAt: favorites.createdAt })
    .from(favorites)
    .where(eq(favorites.userId, userId))
    .orderBy(desc(favorites.createdAt), desc(favorites.eventId))
    .limit(max);
}

export async function countFavoritesOf(db: Executor, userId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(favorites).where(eq(favorites.userId, userId));
  return row?.n ?? 0;
}

/** Which of `eventIds` the user favourited. */
export async function favoritedAmong(
  db: Executor,
  userId: string,
  eventIds: readonly number[],
): Promise<Set<number>> {
  if (eventIds.length === 0) return new Set();
  const rows = await db
    .select({ eventId: favorites.eventId })
    .from(favorites)
    .where(and(eq(favorites.userId, userId), inArray(favorites.eventId, [...eventIds])));
  return new Set(rows.map((r) => r.eventId));
}

/** Favourite counts for `eventIds` (absent means 0). */
export async function favoriteCounts(
  db: Executor,
  eventIds: readonly number[],
): Promise<Map<number, number>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db
    .select({ eventId: favorites.eventId, n: count() })
    .from(favorites)
    .where(inArray(favorites.eventId, [...eventIds]))
    .groupBy(favorites.eventId);
  return new Map(rows.map((r) => [r.eventId, r.n]));
}

/**
 * Co-occurrence: for each event saved by someone who also saved one of
 * `favoriteIds`, how many such users per favourite. Capped for cost.
 */
export async function coFavorites(
  db: Executor,
  userId: string,
  favoriteIds: readonly number[],
): Promise<Map<number, Map<number, number>>> {
  const result = new Map<number, Map<number, number>>();
  if (favoriteIds.length === 0) return result;
  const ids = sql.join(
    favoriteIds.map((id) => sql`${id}`),
    sql`, `,
  );
  const rows = await db.execute<{ event_id: number; because: number; users: number }>(sql`
    SELECT other.event_id, mine.event_id AS because, count(*)::int AS users
    FROM community_favorites mine
    JOIN community_favorites other ON other.user_id = mine.user_id AND other.event_id <> mine.event_id
    WHERE mine.event_id IN (${ids}) AND mine.user_id <> ${userId}
    GROUP BY other.event_id, mine.event_id
    ORDER BY users DESC
    LIMIT 2000`);
  for (const row of rows.rows) {
    const entry = result.get(row.event_id) ?? new Map<number, number>();
    entry.set(row.because, row.users);
    result.set(row.event_id, entry);
  }
  return result;
}

/** Records one confirmed order's tickets; a redelivered order is ignored. */
export async function insertPurchase(
  tx: Tx,
  row: { orderId: string; userId: string | null; eventId: number; quantity: number; at: Date },
): Promise<void> {
  await tx
    .insert(eventPurchases)
    .values({ ...row, occurredAt: row.at })
    .onConflictDoNothing();
}

/** Forgets a cancelled order's tickets. */
export async function deletePurchase(tx: Tx, orderId: string): Promise<void> {
  await tx.delete(eventPurchases).where(eq(eventPurchases.orderId, orderId));
}

/** Events the user bought tickets for. */
export async function purchasedEventIds(db: Executor, userId: string): Promise<number[]> {
  const rows = await db
    .selectDistinct({ eventId: eventPurchases.eventId })
    .from(eventPurchases)
    .where(eq(eventPurchases.userId, userId));
  return rows.map((r) => r.eventId);
}

/** Activity per event, kind and hour since `since`: the input of the popularity score. */
export async function signalBuckets(db: Executor, since: Date): Promise<SignalBucket[]> {
  const hour = (column: unknown) => sql<Date>`date_trunc('hour', ${column})`;
  const [views, favs, tickets] = await Promise.all([
    db
      .select({ eventId: eventViews.eventId, hour: eventViews.hour, count: count() })
      .from(eventViews)
      .where(gte(eventViews.hour, since))
      .groupBy(eventViews.eventId, eventViews.hour),
    db
      .select({ eventId: favorites.eventId, hour: hour(favorites.createdAt), count: count() })
      .from(favorites)
      .where(gte(favorites.createdAt, since))
      .groupBy(favorites.eventId, hour(favorites.createdAt)),
    db
      .select({
        eventId: eventPurchases.eventId,
        hour: hour(eventPurchases.occurredAt),
        count: sql<number>`sum(${eventPurchases.quantity})::int`,
      })
      .from(eventPurchases)
      .where(gte(eventPurchases.occurredAt, since))
      .groupBy(eventPurchases.eventId, hour(eventPurchases.occurredAt)),
  ]);
  const asBuckets = (rows: typeof views, kind: SignalBucket['kind']) =>
    rows.map((r) => ({ eventId: r.eventId, kind, hour: new Date(r.hour), count: Number(r.count) }));
  return [
    ...asBuckets(views, 'view'),
    ...asBuckets(favs, 'favorite'),
    ...asBuckets(tickets, 'ticket'),
  ];
}

/** Replaces the popularity table with `scores` and prunes views older than `pruneBefore`. */
export async function storePopularity(
  tx: Tx,
  scores: Map<number, number>,
  pruneBefore: Date,
): Promise<void> {
  await tx.delete(eventPopularity);
  const rows = [...scores].map(([eventId, score]) => ({ eventId, score }));
  for (let i = 0; i < rows.length; i += 1000) {
    await tx.insert(eventPopularity).values(rows.slice(i, i + 1000));
  }
  await tx.delete(eventViews).where(sql`${eventViews.hour} < ${pruneBefore}`);
}

/** Event ids by popularity, best first. */
export function topPopular(db: Executor, limit: number, excludeZero = true) {
  return db
    .select({ eventId: eventPopularity.eventId, score: eventPopularity.score })
    .from(eventPopularity)
    .where(excludeZero ? ne(eventPopularity.score, 0) : undefined)
    .orderBy(desc(eventPopularity.score), eventPopularity.eventId)
    .limit(limit);
}

/** Popularity of `eventIds`. */
export async function popularityOf(
  db: Executor,
  eventIds: readonly number[],
): Promise<Map<number, number>> {
  if (eventIds.length === 0) return new Map();
  const rows = await db
    .select({ eventId: eventPopularity.eventId, score: eventPopularity.score })
    .from(eventPopularity)
    .where(inArray(eventPopularity.eventId, [...eventIds]));
  return new Map(rows.map((r) => [r.eventId, r.score]));
}
