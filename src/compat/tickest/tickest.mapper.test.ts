import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/http/errors.js';
import { localDate, tickestObjectId, toTickestEvent, type EventSource } from './tickest.mapper.js';
import { parseIndex, parseListQuery } from './tickest.query.js';

const source: EventSource = {
  id: 26,
  title: 'Late show',
  description: 'd',
  category: 'comedy',
  tags: ['late'],
  image: '/images/late.jpg',
  organizer: { name: 'Comedy Club' },
  timeZone: 'Europe/Athens',
  version: 3,
  createdAt: new Date('2026-01-01T10:00:00Z'),
  updatedAt: '2026-01-02T10:00:00.000Z',
  occurrences: [
    {
      startsAt: '2026-06-15T22:30:00Z',
      venueName: 'Club',
      city: 'Athens',
      latitude: 37.98,
      longitude: 23.72,
    },
    {
      startsAt: '2026-06-20T18:00:00Z',
      venueName: 'Hall',
      city: '',
      latitude: null,
      longitude: null,
    },
  ],
  ticketTypes: [{ name: 'General', priceMinor: 2550, available: 12 }],
};

function expectBadRequest(work: () => unknown, message: RegExp) {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).message).toMatch(message);
    return;
  }
  throw new Error('expected a 400');
}

describe('Tickest event mapping', () => {
  it('maps a native event to the exact Tickest shape', () => {
    const event = toTickestEvent(source, { favorited: true, baseUrl: 'http://x.test' });
    expect(event).toEqual({
      _id: '00000000000000000000001a',
      eventId: 26,
      title: 'Late show',
      description: 'd',
      category: 'comedy',
      image: 'http://x.test/images/late.jpg',
      // 22:30 UTC is already the 16th in Athens: dates are local to the event.
      schedule: [
        { date: '2026-06-16', location: 'Athens', lat: 37.98, lng: 23.72 },
        { date: '2026-06-20', location: 'Hall' },
      ],
      ticketTypes: [{ type: 'General', price: 26, availableTickets: 12 }],
      favorited: true,
      organizer: 'Comedy Club',
      tags: ['late'],
      createdAt: '2026-01-01T10:00:00.000Z',
      updatedAt: '2026-01-02T10:00:00.000Z',
      __v: 2,
    });
    expect(Number.isInteger(event.ticketTypes[0]!.price)).toBe(true);
  });

  it('keeps absolute image URLs and gives 24-hex ids', () => {
    const event = toTickestEvent(
      { ...source, image: 'https://cdn.test/a.png' },
      { favorited: false, baseUrl: 'http://x.test' },
    );
    expect(event.image).toBe('https://cdn.test/a.png');
    const upload = toTickestEvent(
      { ...source, image: 'http://x.test/media/abc.webp' },
      { favorited: false, baseUrl: 'http://x.test' },
    );
    expect(upload.image).toBe('http://x.test/images/abc.webp');
    expect(tickestObjectId(1)).toMatch(/^[0-9a-f]{24}$/);
    expect(localDate('2026-01-01T00:00:00Z', 'Not/AZone')).toBe('2026-01-01');
  });
});

describe('Tickest list parameters', () => {
  it('applies Tickest defaults', () => {
    expect(parseListQuery({})).toEqual({
      q: undefined,
      city: undefined,
      category: undefined,
      dateFrom: undefined,
      dateTo: undefined,
      availableOnly: false,
      upcoming: true,
      minPriceMinor: undefined,
      maxPriceMinor: undefined,
      sort: { field: 'createdAt', direction: 'asc' },
      page: 1,
      limit: 20,
    });
  });

  it('maps every parameter to native terms', () => {
    const parsed = parseListQuery({
      search: ' rock ',
      city: 'athens.*',
      category: 'Concert',
      dateFrom: '2026-06-01',
      dateTo: '2026-06-30',
      availableOnly: 'true',
      upcoming: 'false',
      minPrice: '10',
      maxPrice: '25.5',
      sortBy: 'ticketTypes.price',
      sortOrder: 'desc',
      page: '2',
      limit: '500',
    });
    expect(parsed).toMatchObject({
      q: 'rock',
      city: 'athens.*',
      category: 'concert',
      availableOnly: true,
      upcoming: false,
      minPriceMinor: 1000,
      maxPriceMinor: 2550,
      sort: { field: 'price', direction: 'desc' },
      page: 2,
      limit: 100,
    });
    expect(parseListQuery({ sortBy: 'popularity' }).sort).toEqual({
      field: 'popularity',
      direction: 'asc',
    });
    expect(parsed.dateFrom?.toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(parsed.dateTo?.toISOString()).toBe('2026-06-30T23:59:59.999Z');
  });

  it('answers 400 for malformed numbers, dates, sorts and pages', () => {
    expectBadRequest(() => parseListQuery({ minPrice: 'abc' }), /minPrice/);
    expectBadRequest(() => parseListQuery({ maxPrice: '-1' }), /maxPrice/);
    expectBadRequest(() => parseListQuery({ dateFrom: 'yesterday' }), /dateFrom/);
    expectBadRequest(() => parseListQuery({ dateTo: '2026-02-31' }), /dateTo/);
    expectBadRequest(() => parseListQuery({ sortBy: 'password' }), /sortBy/);
    expectBadRequest(() => parseListQuery({ sortOrder: 'sideways' }), /sortOrder/);
    expectBadRequest(() => parseListQuery({ page: '0' }), /page/);
    expectBadRequest(() => parseListQuery({ limit: '1e3' }), /limit/);
    expectBadRequest(() => parseIndex('index', '-1'), /index/);
    expectBadRequest(() => parseIndex('eventId', 'abc', 1), /eventId/);
  });
});
