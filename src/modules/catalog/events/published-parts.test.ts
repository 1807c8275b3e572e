import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createEventDirect } from '../../../../test/fixtures/catalog.js';
import { createOrganizer, createUser } from '../../../../test/fixtures/identity.js';

/** A published event keeps an occurrence and a ticket type, whichever write would remove the last. */
const ctx = await useTestApp();
const { app } = ctx;

type User = Awaited<ReturnType<typeof createUser>>;
let owner: User;
let organizerId: string;

beforeAll(async () => {
  owner = await createUser(ctx, { roles: ['organizer'] });
  organizerId = (await createOrganizer(ctx, owner, { name: 'Part Keepers' })).id;
});

const call = (method: string, url: string, payload?: object) =>
  app.inject({ method: method as 'GET', url, headers: owner.headers, payload });
const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('the last occurrence and ticket type of a published event', () => {
  it('cannot be removed by PATCH or PUT of the lists (409 LAST_PART, nothing changed)', async () => {
    const { id } = await createEventDirect(ctx, { organizerId });
    const before = (await call('GET', `/v1/events/${id}`)).json().data;
    const writes: Array<[string, object]> = [
      ['PATCH', { occurrences: [] }],
      ['PATCH', { ticketTypes: [] }],
      ['PATCH', { title: 'Emptied', occurrences: [], ticketTypes: [] }],
      ['PUT', { title: 'Emptied', category: before.category, timeZone: 'UTC', occurrences: [] }],
      ['PUT', { title: 'Emptied', category: before.category, timeZone: 'UTC', ticketTypes: [] }],
    ];
    for (const [method, body] of writes) {
      const res = await call(method, `/v1/events/${id}`, body);
      expect(res.statusCode, `${method} ${JSON.stringify(body)}: ${res.body}`).toBe(409);
      expect(res.json().code).toBe('CATALOG.LAST_PART');
    }
    const after = (await call('GET', `/v1/events/${id}`)).json().data;
    expect(after).toMatchObject({
      title: before.title,
      version: before.version,
      status: 'published',
      occurrences: before.occurrences,
      ticketTypes: before.ticketTypes,
    });
  });

  it('lets a PATCH swap the last occurrence; a later DELETE of the removed one is 404', async () => {
    const { id, occurrenceIds } = await createEventDirect(ctx, { organizerId });
    const swapped = await call('PATCH', `/v1/events/${id}`, {
      occurrences: [{ startsAt: future(30), city: 'Chania' }],
    });
    expect(swapped.statusCode, swapped.body).toBe(200);
    expect(swapped.json().data.occurrences).toHaveLength(1);
    const gone = await call('DELETE', `/v1/events/${id}/occurrences/${occurrenceIds[0]}`);
    expect(gone.statusCode, gone.body).toBe(404);
    expect(gone.json().code).toBe('CATALOG.OCCURRENCE_NOT_FOUND');
    const last = swapped.json().data.occurrences[0].id;
    const refused = await call('DELETE', `/v1/events/${id}/occurrences/${last}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('CATALOG.LAST_PART');
  });

  it('lets a draft drop every part', async () => {
    const { id } = await createEventDirect(ctx, { organizerId, status: 'draft' });
    const res = await call('PATCH', `/v1/events/${id}`, { occurrences: [], ticketTypes: [] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data).toMatchObject({ occurrences: [], ticketTypes: [] });
  });
});
