import { AppError, notFound } from '../../platform/http/errors.js';
import type { Platform } from '../../platform/platform.js';
import { COMMUNITY_EVENTS, communityEvents, type FavoritePayload } from './community.events.js';
import type { CatalogEvent, CommunityPorts } from './community.ports.js';
import * as repo from './community.repository.js';
import {
  popularityScores,
  rankRecommendations,
  type Reason,
  type RecommendationSignals,
} from './ranking.js';
import { COMMUNITY_ERRORS } from './community.errors.js';
import { CATALOG_ERRORS } from '../catalog/index.js';

/** A user keeps at most this many favourites: lists are filtered and paged in memory. */
export const MAX_FAVORITES = 1000;
/** Activity older than this no longer counts (and views are pruned). */
const SIGNAL_WINDOW_DAYS = 30;
/** How many upcoming events recommendations choose from. */
const CANDIDATE_POOL = 500;

export type FavoriteWhen = 'upcoming' | 'past' | 'all';
export type FavoriteSort = 'favoritedAt' | 'startsAt' | 'title';

export interface FavoriteListQuery {
  when: FavoriteWhen;
  sort: { field: FavoriteSort; direction: 'asc' | 'desc' };
  page: number;
  limit: number;
}

export interface EventAnnotation {
  favorited: boolean;
  favoriteCount: number;
}

function isPast(event: CatalogEvent, now: Date): boolean {
  const end = event.endsAt ?? event.startsAt;
  return end !== null && new Date(end).getTime() < now.getTime();
}

function compareBy<E extends CatalogEvent>(
  field: FavoriteSort,
): (a: E & { favoritedAt: Date }, b: E & { favoritedAt: Date }) => number {
  if (field === 'title') return (a, b) => a.title.localeCompare(b.title) || a.id - b.id;
  if (field === 'startsAt')
    return (a, b) =>
      (a.startsAt ? Date.parse(a.startsAt) : Infinity) -
        (b.startsAt ? Date.parse(b.startsAt) : Infinity) || a.id - b.id;
  return (a, b) => a.favoritedAt.getTime() - b.favoritedAt.getTime() || a.id - b.id;
}

/**
 * Favourites, popularity, trending and recommendations. Reads catalogue
 * events and profile preferences only through `ports`; writes only its own
 * tables, one transaction per use case.
 */
export class CommunityService<E extends CatalogEvent = CatalogEvent> {
  constructor(
    private readonly platform: Platform,
    private readonly ports: CommunityPorts<E>,
  ) {}

  private get db() {
    return this.platform.database.db;
  }

  /** The event if it is published (what a user may save), otherwise a 404. */
  async requireEvent(eventId: number): Promise<E> {
    const [event] = await this.ports.eventsByIds(this.db, [eventId]);
    if (!event) throw notFound(`Event ${eventId}`, CATALOG_ERRORS.eventNotFound);
    return event;
  }

  /** Saves the event for the user; `created` is false when it was already saved. */
  async addFavorite(userId: string, eventId: number): Promise<{ created: boolean }> {
    await this.requireEvent(eventId);
    return this.platform.database.transaction(async (tx) => {
      const created = await repo.insertFavorite(tx, userId, eventId);
      if (!created) return { created };
      if ((await repo.countFavoritesOf(tx, userId)) > MAX_FAVORITES) {
        throw new AppError(
          COMMUNITY_ERRORS.tooManyFavorites,
          422,
          `You can keep at most ${MAX_FAVORITES} favourites; remove some first.`,
        );
      }
      const payload: FavoritePayload = { userId, eventId };
      await communityEvents.emit(tx, COMMUNITY_EVENTS.favoriteAdded, payload);
      return { created };
    });
  }

  /** Removes the favourite; false when the user had not saved the event. */
  async removeFavorite(userId: string, eventId: number): Promise<boolean> {
    return this.platform.database.transaction(async (tx) => {
      const removed = await repo.deleteFavorite(tx, userId, eventId);
      if (removed) {
        const payload: FavoritePayload = { userId, eventId };
        await communityEvents.emit(tx, COMMUNITY_EVENTS.favoriteRemoved, payload);
      }
      return removed;
    });
  }

  /** The user's saved events that are still published, filtered, sorted and paged. */
  async listFavorites(userId: string, query: FavoriteListQuery, now = new Date()) {
    const saved = await repo.favoritesOf(this.db, userId, MAX_FAVORITES);
    const savedAt = new Map(saved.map((f) => [f.eventId, f.favoritedAt]));
    const events = await this.ports.eventsByIds(
      this.db,
      saved.map((f) => f.eventId),
    );
    const matching = events
      .map((event) => ({ ...event, favoritedAt: savedAt.get(event.id)! }))
      .filter((event) =>
        query.when === 'all' ? true : isPast(event, now) === (query.when === 'past'),
      )
      .sort(compareBy<E>(query.sort.field));
    if (query.sort.direction === 'desc') matching.reverse();
    const offset = (query.page - 1) * query.limit;
    return { items: matching.slice(offset, offset + query.limit), total: matching.length };
  }

  /** Every saved event of the user that is still published, newest favourite first. */
  async allFavorites(userId: string): Promise<E[]> {
    const saved = await repo.favoritesOf(this.db, userId, MAX_FAVORITES);
    return this.ports.eventsByIds(
      this.db,
      saved.map((f) => f.eventId),
    );
  }

  /** `favorited` (for `userId`, false when anonymous) and favourite counts for events. */
  async annotate(
    userId: string | null,
    eventIds: readonly number[],
  ): Promise<Map<number, EventAnnotation>> {
    const [mine, counts] = await Promise.all([
      userId ? repo.favoritedAmong(this.db, userId, eventIds) : new Set<number>(),
      repo.favoriteCounts(this.db, eventIds),
    ]);
    return new Map(
      eventIds.map((id) => [id, { favorited: mine.has(id), favoriteCount: counts.get(id) ?? 0 }]),
    );
  }

  /** Which of `eventIds` the user saved. */
  favoritedAmong(userId: string, eventIds: readonly number[]): Promise<Set<number>> {
    return repo.favoritedAmong(this.db, userId, eventIds);
  }

  /** Records tickets of a confirmed order (from ticketing's event), once per order. */
  recordPurchase: typeof repo.insertPurchase = (tx, row) => repo.insertPurchase(tx, row);

  /** Forgets a cancelled order, so it stops counting as sold or bought. */
  forgetPurchase: typeof repo.deletePurchase = (tx, orderId) => repo.deletePurchase(tx, orderId);

  /**
   * Recomputes every event's decayed popularity from the last 30 days of
   * activity, for trending here and for the catalogue's `sort=popularity`,
   * both in one transaction so they never disagree.
   */
  async refreshPopularity(now = new Date()): Promise<number> {
    const since = new Date(now.getTime() - SIGNAL_WINDOW_DAYS * 86_400_000);
    const buckets = await repo.signalBuckets(this.db, since);
    const scores = popularityScores(buckets, now, this.platform.config.popularityHalfLifeHours);
    await this.platform.database.transaction(async (tx) => {
      await repo.storePopularity(tx, scores, since);
      await this.ports.setEventPopularity(tx, scores);
    });
    return scores.size;
  }

  /** Published events with recent activity, best first, with their score; upcoming only by default. */
  async trending(
    query: { limit: number; category?: string; includePast?: boolean },
    now = new Date(),
  ): Promise<Array<E & { popularity: number }>> {
    // Read more than asked: some popular events are past, filtered out or unpublished.
    const top = await repo.topPopular(this.db, Math.min(1000, query.limit * 5 + 50));
    const score = new Map(top.map((t) => [t.eventId, t.score]));
    const events = await this.ports.eventsByIds(
      this.db,
      top.map((t) => t.eventId),
    );
    return events
      .filter((e) => query.includePast || !isPast(e, now))
      .filter((e) => !query.category || e.category === query.category)
      .slice(0, query.limit)
      .map((e) => ({ ...e, popularity: score.get(e.id) ?? 0 }));
  }

  /**
   * Upcoming events for the user, each with its reason: preferred categories,
   * categories of favourites and purchases, co-favourites; trending fills the
   * rest and is everything for a new user.
   */
  async recommend(
    userId: string,
    limit: number,
    now = new Date(),
  ): Promise<Array<{ event: E; score: number; reason: Reason }>> {
    const [preferred, saved, bought, candidates] = await Promise.all([
      this.ports.preferredCategories(userId),
      repo.favoritesOf(this.db, userId, MAX_FAVORITES),
      repo.purchasedEventIds(this.db, userId),
      this.ports.upcomingEvents(this.db, CANDIDATE_POOL),
    ]);
    const savedIds = saved.map((f) => f.eventId);
    const [history, coFavorites, popularity] = await Promise.all([
      this.ports.eventsByIds(this.db, [...new Set([...savedIds, ...bought])]),
      repo.coFavorites(this.db, userId, savedIds),
      repo.popularityOf(
        this.db,
        candidates.map((c) => c.id),
      ),
    ]);
    const categoryOf = new Map(history.map((e) => [e.id, e.category]));
    const signals: RecommendationSignals = {
      preferredCategories: preferred,
      favoriteCategories: savedIds.flatMap((id) => categoryOf.get(id) ?? []),
      purchasedCategories: bought.flatMap((id) => categoryOf.get(id) ?? []),
      exclude: new Set([...savedIds, ...bought]),
      coFavorites,
      popularity,
    };
    const byId = new Map(candidates.filter((c) => !isPast(c, now)).map((c) => [c.id, c]));
    const ranked = rankRecommendations(
      [...byId.values()].map((c) => ({ eventId: c.id, category: c.category, title: c.title })),
      signals,
      limit,
    );
    return ranked.map((r) => ({ event: byId.get(r.eventId)!, score: r.score, reason: r.reason }));
  }
}
