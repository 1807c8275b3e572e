import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../app.js';
import { localDate } from '../../src/compat/tickest/tickest.mapper.js';
import { createUser } from '../fixtures/identity.js';

/** Odd inputs the Tickest surface answers with a 400 and a message, never a 500 or a wrong read. */
const ctx = await useTestApp();
const { app } = ctx;

let writer: { headers: { authorization: string } };
let eventId: number;

const api = (method: string, url: string, payload?: unknown) =>
  app.inject({
    method: method as 'GET',
    url,
    headers: writer.headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });

/** POST /api/events of a one-day event on `date`. */
const postEvent = (date: string) =>
  api('POST', '/api/events', {
    title: 'Harbour jazz',
    category: 'sports',
    schedule: [{ date, location: 'Chania' }],
    ticketTypes: [{ type: 'General', price: 15, availableTickets: 50 }],
    organizer: 'Harbour Club',
  });

beforeAll(async () => {
  writer = await createUser(ctx, { roles: ['organizer'] });
  const created = await postEvent('2030-06-01');
  expect(created.statusCode, created.body).toBe(201);
  eventId = created.json().eventId;
});

describe('Tickest sortBy', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'refuses sortBy=%s, echoing the name given',
    async (name) => {
      const res = await api('GET', `/api/events?sortBy=${name}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(
        new RegExp(`^Invalid sortBy "${name}": use one of title,`),
      );
    },
  );
});

describe('Tickest favourites read eventId as the event routes do', () => {
  it('refuses a 24-digit string (an _id, not event 31), as GET /api/events/:eventId does', async () => {
    const objectIdLike = '000000000000000000000031';
    const read = await api('GET', `/api/events/${objectIdLike}`);
    expect(read.statusCode).toBe(400);
    for (const method of ['POST', 'DELETE']) {
      const res = await api(method, '/api/favorites', { eventId: objectIdLike });
      expect(res.statusCode, `${method} ${res.body}`).toBe(400);
      expect(res.json()).toEqual(read.json());
    }
  });

  it('still takes the eventId as a number or a numeric string', async () => {
    expect((await api('POST', '/api/favorites', { eventId })).statusCode).toBe(201);
    const again = await api('POST', '/api/favorites', { eventId: String(eventId) });
    expect(again.statusCode).toBe(409);
    expect((await api('DELETE', '/api/favorites', { eventId: ` ${eventId} ` })).statusCode).toBe(
      200,
    );
    expect((await api('POST', '/api/favorites', { eventId: 1.5 })).statusCode).toBe(400);
  });
});

describe('Tickest price filters', () => {
  it.each(['minPrice=100000001', 'maxPrice=21474837', 'minPrice=1e30', 'maxPrice=1e30'])(
    'refuses %s: in minor units it would overflow the int columns',
    async (query) => {
      const res = await api('GET', `/api/events?${query}`);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().message).toMatch(
        new RegExp(`^Invalid ${query.split('=')[0]}: expected a number from 0 to 21474836$`),
      );
    },
  );

  it('accepts the largest whole price', async () => {
    const res = await api('GET', '/api/events?minPrice=0&maxPrice=21474836');
    expect(res.statusCode, res.body).toBe(200);
  });
});

describe('Tickest dates: real calendar days of the years 1900 to 9999', () => {
  const dateError = (name: string) => ({
    message: `Invalid ${name}: expected an ISO date of a year from 1900 to 9999, such as 2025-06-15`,
  });

  it.each([
    ['dateFrom', '0000-01-01'],
    ['dateTo', '0000-01-01'],
    ['dateFrom', '2026-02-30'],
    ['dateTo', '10000-01-01'],
  ])('GET /api/events?%s=%s is a 400', async (name, value) => {
    const res = await api('GET', `/api/events?${name}=${value}`);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json()).toEqual(dateError(name));
  });

  it('refuses a schedule date in the year 0 on POST and on PATCH of one entry', async () => {
    const created = await postEvent('0000-01-01');
    expect(created.statusCode, created.body).toBe(400);
    expect(created.json()).toEqual(dateError('schedule date'));
    const patched = await api('PATCH', `/api/events/${eventId}/schedule/0`, {
      date: '0000-01-01',
    });
    expect(patched.statusCode, patched.body).toBe(400);
    expect(patched.json()).toEqual(dateError('schedule date'));
  });

  it('writes a year below 1000 with four digits', () => {
    expect(localDate('0099-12-31T12:00:00Z', 'UTC')).toBe('0099-12-31');
    expect(localDate('2026-06-01T22:30:00Z', 'Europe/Athens')).toBe('2026-06-02');
  });
});
