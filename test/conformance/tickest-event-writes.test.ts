import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../app.js';
import { createUser } from '../fixtures/identity.js';

/** Tickest event writes the client relies on: past events, organizer names, full PUT. */
const ctx = await useTestApp();
const { app, platform } = ctx;

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const inDays = (days: number) =>
  new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

const eventBody = (overrides: Record<string, unknown> = {}) => ({
  title: 'Archive night',
  description: 'Happened already',
  category: 'sports',
  schedule: [{ date: inDays(-30), location: 'Heraklion' }],
  ticketTypes: [{ type: 'General', price: 15, availableTickets: 50 }],
  organizer: 'Past Masters',
  tags: ['archive'],
  ...overrides,
});

let writer: { headers: { authorization: string } };

beforeAll(async () => {
  writer = await createUser(ctx, { roles: ['organizer'] });
});

const api = (method: string, url: string, payload?: object) =>
  app.inject({
    method: method as 'GET',
    url,
    headers: writer.headers,
    ...(payload ? { payload } : {}),
  });
const idsOf = (body: Json) => (body as { eventId: number }[]).map((e) => e.eventId);

describe('Tickest event writes', () => {
  it('stores an event whose dates are all past, and lists, reads and recommends it', async () => {
    const created = await api('POST', '/api/events', eventBody());
    expect(created.statusCode, created.body).toBe(201);
    const { eventId } = created.json();
    expect((await api('GET', `/api/events/${eventId}`)).json()).toMatchObject({
      eventId,
      schedule: [{ date: inDays(-30) }],
    });
    expect(idsOf((await api('GET', '/api/events?upcoming=false&limit=100')).json())).toContain(
      eventId,
    );
    expect(idsOf((await api('GET', '/api/events?limit=100')).json())).not.toContain(eventId);
    const upcoming = await api(
      'POST',
      '/api/events',
      eventBody({ schedule: [{ date: inDays(4), location: 'Patras' }] }),
    );
    const recoms = await api('POST', '/api/recoms', ['sports']);
    expect(recoms.statusCode).toBe(200);
    // Upcoming first, then past.
    expect(idsOf(recoms.json())).toEqual([upcoming.json().eventId, eventId]);
    // The native publish rule stays for /v1.
    const draft = await api('POST', '/v1/events', {
      organizerId: (await api('GET', `/v1/events/${eventId}`)).json().data.organizer.id,
      title: 'Native past',
      category: 'sports',
      occurrences: [{ startsAt: new Date(Date.now() - 86_400_000).toISOString() }],
      ticketTypes: [{ name: 'GA', priceMinor: 100, currency: 'EUR', capacity: 1 }],
    });
    const published = await api('POST', `/v1/events/${draft.json().data.id}/publish`);
    expect(published.statusCode).toBe(422);
  });

  it("keeps a new organizer's name once identity's event is delivered, in both APIs", async () => {
    const created = await api('POST', '/api/events', eventBody({ organizer: 'Brand New Org' }));
    expect(created.json().organizer).toBe('Brand New Org');
    await platform.relay.drain();
    const { eventId } = created.json();
    expect((await api('GET', `/api/events/${eventId}`)).json().organizer).toBe('Brand New Org');
    expect((await api('GET', `/v1/events/${eventId}`)).json().data.organizer.name).toBe(
      'Brand New Org',
    );
  });

  it('replaces the organizer on a full PUT, as every other field', async () => {
    const created = await api('POST', '/api/events', eventBody({ organizer: 'First Owner' }));
    const { eventId } = created.json();
    const put = await api(
      'PUT',
      `/api/events/${eventId}`,
      eventBody({ organizer: 'Second Owner' }),
    );
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().organizer).toBe('Second Owner');
    await platform.relay.drain();
    expect((await api('GET', `/api/events/${eventId}`)).json().organizer).toBe('Second Owner');
    const native = (await api('GET', `/v1/events/${eventId}`)).json().data;
    expect(native.organizer.name).toBe('Second Owner');
    // The event now belongs to the writer's organizer of that name.
    const before = (await api('GET', `/v1/events/${eventId}`)).json().data;
    expect(before.organizer.id).not.toBe(created.json()._id);
    const other = await api('POST', '/api/events', eventBody({ organizer: 'Second Owner' }));
    const sibling = (await api('GET', `/v1/events/${other.json().eventId}`)).json().data;
    expect(native.organizer.id).toBe(sibling.organizer.id);
  });
});
