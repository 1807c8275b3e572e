import { describe, expect, it } from 'vitest';
import {
  decayFactor,
  hourBucket,
  popularityScores,
  rankRecommendations,
  REASONS,
  type Candidate,
  type RecommendationSignals,
} from './ranking.js';

const now = new Date('2026-03-01T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

const noSignals: RecommendationSignals = {
  preferredCategories: [],
  favoriteCategories: [],
  purchasedCategories: [],
  exclude: new Set(),
  coFavorites: new Map(),
  popularity: new Map(),
};

const candidates: Candidate[] = [
  { eventId: 1, category: 'concert' },
  { eventId: 2, category: 'theater' },
  { eventId: 3, category: 'sports' },
  { eventId: 4, category: 'concert' },
  { eventId: 5, category: 'comedy' },
];

describe('popularity', () => {
  it('halves a signal every half-life and never grows for future times', () => {
    expect(decayFactor(now, now, 72)).toBe(1);
    expect(decayFactor(hoursAgo(72), now, 72)).toBeCloseTo(0.5);
    expect(decayFactor(hoursAgo(144), now, 72)).toBeCloseTo(0.25);
    expect(decayFactor(new Date(now.getTime() + 3_600_000), now, 72)).toBe(1);
  });

  it('weighs tickets over favourites over views and lets recent activity win', () => {
    const scores = popularityScores(
      [
        { eventId: 1, kind: 'view', hour: hoursAgo(1), count: 10 },
        { eventId: 2, kind: 'favorite', hour: hoursAgo(1), count: 1 },
        { eventId: 2, kind: 'ticket', hour: hoursAgo(1), count: 1 },
        { eventId: 3, kind: 'ticket', hour: hoursAgo(24 * 30), count: 5 },
      ],
      now,
      72,
    );
    expect(scores.get(2)!).toBeGreaterThan(scores.get(1)!);
    expect(scores.get(1)!).toBeGreaterThan(scores.get(3)!);
    expect(scores.get(2)).toBeCloseTo(15 * decayFactor(hoursAgo(1), now, 72));
  });

  it('buckets times by UTC hour', () => {
    expect(hourBucket(new Date('2026-03-01T12:59:59.999Z')).toISOString()).toBe(
      '2026-03-01T12:00:00.000Z',
    );
  });
});

describe('recommendations', () => {
  it('falls back to trending for a new user, most popular first', () => {
    const ranked = rankRecommendations(
      candidates,
      {
        ...noSignals,
        popularity: new Map([
          [3, 50],
          [5, 10],
        ]),
      },
      3,
    );
    expect(ranked.map((r) => r.eventId)).toEqual([3, 5, 1]);
    expect(ranked.every((r) => r.reason.code === REASONS.trending)).toBe(true);
  });

  it('puts preferred categories first and says so', () => {
    const ranked = rankRecommendations(
      candidates,
      { ...noSignals, preferredCategories: ['theater'], popularity: new Map([[3, 1000]]) },
      5,
    );
    expect(ranked[0]).toMatchObject({
      eventId: 2,
      reason: { code: REASONS.preferredCategory, category: 'theater' },
    });
    // The rest still comes, as trending, so the list is never short.
    expect(ranked).toHaveLength(5);
    expect(ranked[1]!.eventId).toBe(3);
  });

  it('never recommends what the user already favourited or bought', () => {
    const ranked = rankRecommendations(
      candidates,
      {
        ...noSignals,
        favoriteCategories: ['concert'],
        purchasedCategories: ['sports'],
        exclude: new Set([1, 3]),
      },
      10,
    );
    expect(ranked.map((r) => r.eventId)).not.toContain(1);
    expect(ranked.map((r) => r.eventId)).not.toContain(3);
    expect(ranked[0]).toMatchObject({ eventId: 4, reason: { code: REASONS.favoriteCategory } });
  });

  it('ranks co-favourites above a single category match and names the favourite', () => {
    const ranked = rankRecommendations(
      candidates,
      {
        ...noSignals,
        preferredCategories: ['concert'],
        exclude: new Set([2]),
        coFavorites: new Map([
          [
            5,
            new Map([
              [2, 6],
              [9, 1],
            ]),
          ],
        ]),
      },
      10,
    );
    expect(ranked[0]).toMatchObject({
      eventId: 5,
      reason: { code: REASONS.coFavorited, becauseOfEventId: 2 },
    });
  });

  it('weighs purchases above preferences of the same strength', () => {
    const ranked = rankRecommendations(
      candidates,
      { ...noSignals, preferredCategories: ['theater'], purchasedCategories: ['comedy', 'comedy'] },
      2,
    );
    expect(ranked.map((r) => r.eventId)).toEqual([5, 2]);
    expect(ranked[0]!.reason.code).toBe(REASONS.purchasedCategory);
  });

  it('honours the limit and is deterministic on ties', () => {
    const ranked = rankRecommendations(candidates, noSignals, 2);
    expect(ranked.map((r) => r.eventId)).toEqual([1, 2]);
  });
});
