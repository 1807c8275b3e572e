import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../app.js';
import { createUser } from '../fixtures/identity.js';
import { buyerPrincipal } from '../fixtures/ticketing.js';
import { reserve } from '../../src/modules/ticketing/reservations.service.js';

/** Tickest writes that name a new organizer: shown at once, and none left behind by a refused PUT. */
const ctx = await useTestApp();
const { app } = ctx;

let writer: { headers: { authorization: string } };

beforeAll(async () => {
  writer = await createUser(ctx, { roles: ['organizer'] });
});

const api = (method: string, url: string, payload?: object) =>
  app.inject({ method: method as 'GET', url, headers: writer.headers, payload });

const eventBody = (organizer: string, overrides: Record<string, unknown> = {}) => ({
  title: 'Lighthouse talks',
  category: 'conference',
  schedule: [{ date: '2031-03-01', location: 'Rhodes' }],
  ticketTypes: [{ type: 'General', price: 10, availableTickets: 20 }],
  organizer,
  ...overrides,
});

const myOrganizerNames = async () =>
  (
    (await api('GET', '/v1/me/organizers')).json().data as {
      organizer?: { name: string };
      name?: string;
    }[]
  ).map((m) => m.organizer?.name ?? m.name);

describe('a Tickest write to a new organizer name', () => {
  it('shows the organizer on an immediate read after each POST and PUT', async () => {
    for (let i = 0; i < 12; i++) {
      const posted = await api('POST', '/api/events', eventBody(`Posted Org ${i}`));
      expect(posted.statusCode, posted.body).toBe(201);
      const id = posted.json().eventId;
      expect((await api('GET', `/api/events/${id}`)).json().organizer, `POST ${i}`).toBe(
        `Posted Org ${i}`,
      );
      const put = await api('PUT', `/api/events/${id}`, eventBody(`Moved Org ${i}`));
      expect(put.statusCode, put.body).toBe(200);
      expect((await api('GET', `/api/events/${id}`)).json().organizer, `PUT ${i}`).toBe(
        `Moved Org ${i}`,
      );
      expect((await api('GET', `/v1/events/${id}`)).json().data.organizer.name).toBe(
        `Moved Org ${i}`,
      );
    }
  });

  it('creates no organizer when the PUT is refused', async () => {
    const created = await api(
      'POST',
      '/api/events',
      eventBody('First Org', {
        ticketTypes: [
          { type: 'General', price: 10, availableTickets: 20 },
          { type: 'VIP', price: 30, availableTickets: 5 },
        ],
      }),
    );
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().eventId;
    const event = (await api('GET', `/v1/events/${id}`)).json().data;
    // A hold on the VIP type: a PUT that drops it conflicts with sales.
    await reserve(ctx.modules.ticketing.context, buyerPrincipal(), id, [
      { ticketTypeId: event.ticketTypes[1].id, quantity: 1 },
    ]);
    const refused = await api('PUT', `/api/events/${id}`, eventBody('Another New Org'));
    expect(refused.statusCode, refused.body).toBe(409);
    expect(await myOrganizerNames()).not.toContain('Another New Org');
    expect((await api('GET', `/api/events/${id}`)).json().organizer).toBe('First Org');
  });
});
