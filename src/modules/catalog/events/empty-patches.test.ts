import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createUser } from '../../../../test/fixtures/identity.js';

/** A PATCH that names no field changes nothing: 200 with the current state, same version and ETag. */
const ctx = await useTestApp();
const { app } = ctx;

let writer: { headers: { authorization: string } };

beforeAll(async () => {
  writer = await createUser(ctx, { roles: ['organizer'] });
});

const call = (method: string, url: string, payload?: object) =>
  app.inject({ method: method as 'GET', url, headers: writer.headers, payload });

async function tickestEvent(): Promise<number> {
  const created = await call('POST', '/api/events', {
    title: 'Harbour nights',
    category: 'concert',
    schedule: [{ date: '2030-06-01', location: 'Volos' }],
    ticketTypes: [{ type: 'General', price: 15, availableTickets: 50 }],
    organizer: 'Harbour Crew',
  });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().eventId;
}

describe('empty PATCH', () => {
  it('answers 200 with the current event to an empty Tickest PATCH of a part', async () => {
    const id = await tickestEvent();
    const before = (await call('GET', `/api/events/${id}`)).json();
    for (const part of ['ticketTypes', 'schedule']) {
      const res = await call('PATCH', `/api/events/${id}/${part}/0`, {});
      expect(res.statusCode, `${part}: ${res.body}`).toBe(200);
      expect(res.json()).toEqual(before);
    }
  });

  it('keeps the version and ETag on an empty native PATCH of the event or a part', async () => {
    const id = await tickestEvent();
    // Read anonymously: a signed-in read's ETag has a personal part (favourites).
    const before = await app.inject({ url: `/v1/events/${id}` });
    const { version, occurrences, ticketTypes } = before.json().data;
    const urls = [
      `/v1/events/${id}`,
      `/v1/events/${id}/occurrences/${occurrences[0].id}`,
      `/v1/events/${id}/ticket-types/${ticketTypes[0].id}`,
    ];
    for (const url of urls) {
      const res = await call('PATCH', url, {});
      expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
      expect(res.json().data.version, url).toBe(version);
      expect(res.headers.etag, url).toBe(before.headers.etag);
    }
    const after = await app.inject({ url: `/v1/events/${id}` });
    expect(after.json().data).toEqual(before.json().data);
    expect(after.headers.etag).toBe(before.headers.etag);
  });
});
