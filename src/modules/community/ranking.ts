/**
 * Pure ranking rules for popularity, trending and recommendations. No I/O:
 * services gather the signals and these functions order them, so every rule
 * is unit-tested on plain data.
 */

export const SIGNALS = { view: 'view', favorite: 'favorite', ticket: 'ticket' } as const;
export type SignalKind = (typeof SIGNALS)[keyof typeof SIGNALS];

/** How much one unit of each signal is worth before decay. A bought ticket says the most. */
export const SIGNAL_WEIGHTS: Record<SignalKind, number> = { view: 1, favorite: 5, ticket: 10 };

/** Activity of one kind for one event in one hour. */
export interface SignalBucket {
  eventId: number;
  kind: SignalKind;
  hour: Date;
  count: number;
}

/** exp(-ln2 * age / halfLife): 1 now, 1/2 after one half-life, never negative for future times. */
export function decayFactor(at: Date, now: Date, halfLifeHours: number): number {
  const ageHours = Math.max(0, (now.getTime() - at.getTime()) / 3_600_000);
  return Math.pow(0.5, ageHours / halfLifeHours);
}

/** Popularity per event: weighted signals, each decayed by its age. */
export function popularityScores(
  buckets: readonly SignalBucket[],
  now: Date,
  halfLifeHours: number,
): Map<number, number> {
  const scores = new Map<number, number>();
  for (const bucket of buckets) {
    const value =
      SIGNAL_WEIGHTS[bucket.kind] * bucket.count * decayFactor(bucket.hour, now, halfLifeHours);
    scores.set(bucket.eventId, (scores.get(bucket.eventId) ?? 0) + value);
  }
  return scores;
}

/** The start (epoch ms) of the UTC hour containing `at` (epoch ms): views count once per viewer per hour. */
export function hourStartMs(at: number): number {
  return Math.floor(at / 3_600_000) * 3_600_000;
}

/** The start of the UTC hour containing `at`. */
export function hourBucket(at: Date): Date {
  return new Date(hourStartMs(at.getTime()));
}

export const REASONS = {
  coFavorited: 'co_favorited',
  purchasedCategory: 'purchased_category',
  favoriteCategory: 'favorite_category',
  preferredCategory: 'preferred_category',
  trending: 'trending',
} as const;
export type ReasonCode = (typeof REASONS)[keyof typeof REASONS];

export interface Reason {
  code: ReasonCode;
  message: string;
  category?: string;
  /** For `co_favorited`: the favourite this one is often saved with. */
  becauseOfEventId?: number;
}

/** An upcoming event that could be recommended. */
export interface Candidate {
  eventId: number;
  category: string;
  title?: string;
}

/** What we know about the user and the crowd. */
export interface RecommendationSignals {
  preferredCategories: readonly string[];
  /** Categories of the events the user favourited (one entry per favourite). */
  favoriteCategories: readonly string[];
  /** Categories of the events the user bought tickets for (one entry per event). */
  purchasedCategories: readonly string[];
  /** Event ids to leave out: already favourited or bought. */
  exclude: ReadonlySet<number>;
  /** candidate id -> (the user's favourite it co-occurs with -> how many users saved both). */
  coFavorites: ReadonlyMap<number, ReadonlyMap<number, number>>;
  /** candidate id -> popularity score. */
  popularity: ReadonlyMap<number, number>;
}

export interface Recommendation {
  eventId: number;
  score: number;
  reason: Reason;
}

const WEIGHTS = { preferred: 3, favorite: 2, purchased: 3, coFavorite: 4, popularity: 0.5 };

function tally(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** True when nothing is known about the user: recommendations fall back to trending. */
export function isColdStart(signals: RecommendationSignals): boolean {
  return (
    signals.preferredCategories.length === 0 &&
    signals.favoriteCategories.length === 0 &&
    signals.purchasedCategories.length === 0
  );
}

/**
 * Ranks candidates for one user. Personal evidence (preferred categories,
 * categories of favourites and purchases, co-favourites) dominates; popularity
 * only breaks ties, then fills the list with trending events (all of it for a
 * new user). Each item keeps its strongest contribution as its reason.
 * Excluded events never appear.
 */
export function rankRecommendations(
  candidates: readonly Candidate[],
  signals: RecommendationSignals,
  limit: number,
): Recommendation[] {
  const preferred = new Set(signals.preferredCategories);
  const favorites = tally(signals.favoriteCategories);
  const purchases = tally(signals.purchasedCategories);
  const personal: Recommendation[] = [];
  const trending: Recommendation[] = [];
  for (const candidate of candidates) {
    if (signals.exclude.has(candidate.eventId)) continue;
    const { category } = candidate;
    const parts: Array<{ value: number; reason: Reason }> = [];
    if (preferred.has(category)) {
      parts.push({
        value: WEIGHTS.preferred,
        reason: {
          code: REASONS.preferredCategory,
          category,
          message: `You chose ${category} among your favourite categories.`,
        },
      });
    }
    // More favourites or purchases in a category count, with diminishing returns.
    const byCount = (count: number, weight: number, code: ReasonCode, message: string) => {
      if (count > 0)
        parts.push({ value: weight * Math.log2(1 + count), reason: { code, category, message } });
    };
    const favoriteCount = favorites.get(category) ?? 0;
    byCount(
      favoriteCount,
      WEIGHTS.favorite,
      REASONS.favoriteCategory,
      `You saved ${favoriteCount} ${category} event${favoriteCount === 1 ? '' : 's'}.`,
    );
    byCount(
      purchases.get(category) ?? 0,
      WEIGHTS.purchased,
      REASONS.purchasedCategory,
      `You bought tickets for ${category} events.`,
    );
    const co = signals.coFavorites.get(candidate.eventId);
    if (co && co.size > 0) {
      let best: [number, number] = [0, 0];
      let users = 0;
      for (const [favoriteId, count] of co) {
        users += count;
        if (count > best[1] || (count === best[1] && favoriteId < best[0]))
          best = [favoriteId, count];
      }
      parts.push({
        value: WEIGHTS.coFavorite * Math.log2(1 + users),
        reason: {
          code: REASONS.coFavorited,
          becauseOfEventId: best[0],
          message: `People who saved event ${best[0]} also saved this one.`,
        },
      });
    }
    const popularityValue =
      WEIGHTS.popularity * Math.log1p(signals.popularity.get(candidate.eventId) ?? 0);
    const strongest = parts.reduce<(typeof parts)[number] | undefined>(
      (top, part) => (top === undefined || part.value > top.value ? part : top),
      undefined,
    );
    (strongest ? personal : trending).push({
      eventId: candidate.eventId,
      score: parts.reduce((sum, part) => sum + part.value, 0) + popularityValue,
      reason: strongest?.reason ?? { code: REASONS.trending, message: 'Popular right now.' },
    });
  }
  const byScore = (a: Recommendation, b: Recommendation) =>
    b.score - a.score || a.eventId - b.eventId;
  // Personal matches first; trending fills the rest (and is everything for a new user).
  return [...personal.sort(byScore), ...trending.sort(byScore)].slice(0, limit);
}
