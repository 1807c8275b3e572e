import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { postDraft } from '../../../../test/fixtures/catalog.js';
import { createOrganizer, createUser } from '../../../../test/fixtures/identity.js';

/** Writes on one event: partial PATCHes, If-Match after a signed-in read. */
const ctx = await useTestApp();
const { app, platform } = ctx;

type User = Awaited<ReturnType<typeof createUser>>;
let owner: User;
let organizer: { id: string; name: string };

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

beforeAll(async () => {
  owner = await createUser(ctx, { roles: ['organizer'] });
  organizer = await createOrganizer(ctx, owner, { name: 'Quay Sessions' });
  await platform.relay.drain();
});

const createDraft = () =>
  postDraft(ctx, owner.headers, {
    organizerId: organizer.id,
    title: 'Quay jazz',
    category: 'concert',
    ticketTypes: [{ name: 'GA', priceMinor: 2000, currency: 'EUR', capacity: 100 }],
  });

const patch = (id: number, payload: object, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'PATCH',
    url: `/v1/events/${id}`,
    headers: { ...owner.headers, ...headers },
    payload,
  });

describe('PATCH of parts alone', () => {
  it('changes only the ticket types, or only the occurrences (no 500)', async () => {
    const event = await createDraft();
    const types = await patch(event.id, {
      ticketTypes: [
        {
          id: event.ticketTypes[0]!.id,
          name: 'GA',
          priceMinor: 2500,
          currency: 'EUR',
          capacity: 80,
        },
        { name: 'VIP', priceMinor: 6000, currency: 'EUR', capacity: 10 },
      ],
    });
    expect(types.statusCode, types.body).toBe(200);
    expect(types.json().data.ticketTypes).toMatchObject([
      { name: 'GA', priceMinor: 2500, capacity: 80 },
      { name: 'VIP', priceMinor: 6000 },
    ]);
    const occurrences = await patch(event.id, {
      occurrences: [{ startsAt: future(20), city: 'Patras' }],
    });
    expect(occurrences.statusCode, occurrences.body).toBe(200);
    expect(occurrences.json().data).toMatchObject({
      title: 'Quay jazz',
      occurrences: [{ city: 'Patras' }],
    });
  });
});

describe('If-Match with the ETag of a signed-in read', () => {
  it('accepts the validator a signed-in reader got, and refuses it once stale', async () => {
    const event = await createDraft();
    const read = await app.inject({ url: `/v1/events/${event.id}`, headers: owner.headers });
    expect(read.statusCode).toBe(200);
    const personal = read.headers.etag as string;
    // The read carries the reader's favourite state, a part the writer's ETag has not.
    expect(personal).toMatch(/^"[\w-]+\.[\w-]+"$/);

    const changed = await patch(event.id, { title: 'Quay jazz live' }, { 'if-match': personal });
    expect(changed.statusCode, changed.body).toBe(200);
    const stale = await patch(event.id, { title: 'Lost update' }, { 'if-match': personal });
    expect(stale.statusCode).toBe(412);

    const fresh = (await app.inject({ url: `/v1/events/${event.id}`, headers: owner.headers }))
      .headers.etag as string;
    const put = await app.inject({
      method: 'PUT',
      url: `/v1/events/${event.id}`,
      headers: { ...owner.headers, 'if-match': fresh },
      payload: { title: 'Quay jazz (replaced)', category: 'concert', timeZone: 'UTC' },
    });
    expect(put.statusCode, put.body).toBe(200);
    const latest = (await app.inject({ url: `/v1/events/${event.id}`, headers: owner.headers }))
      .headers.etag as string;
    const removed = await app.inject({
      method: 'DELETE',
      url: `/v1/events/${event.id}`,
      headers: { ...owner.headers, 'if-match': latest },
    });
    expect(removed.statusCode, removed.body).toBe(204);
  });
});
