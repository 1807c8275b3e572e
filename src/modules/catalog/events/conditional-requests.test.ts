import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createEventDirect } from '../../../../test/fixtures/catalog.js';
import { createOrganizer, createUser } from '../../../../test/fixtures/identity.js';

/** RFC 9110 conditional requests on an event: If-None-Match for signed-in readers, If-Match lists. */
const ctx = await useTestApp();
const { app } = ctx;

type User = Awaited<ReturnType<typeof createUser>>;
let owner: User;
let reader: User;
let organizerId: string;

beforeAll(async () => {
  owner = await createUser(ctx, { roles: ['organizer'] });
  reader = await createUser(ctx);
  organizerId = (await createOrganizer(ctx, owner, { name: 'Validators Ltd' })).id;
});

const read = (id: number, headers: Record<string, string> = {}) =>
  app.inject({ url: `/v1/events/${id}`, headers: { ...reader.headers, ...headers } });

const patchTitle = (id: number, ifMatch: string, title = 'Renamed') =>
  app.inject({
    method: 'PATCH',
    url: `/v1/events/${id}`,
    headers: { ...owner.headers, 'if-match': ifMatch },
    payload: { title },
  });

describe('If-None-Match for a signed-in reader', () => {
  it('answers 304 to the whole personal validator, and 200 once the personal state changed', async () => {
    const { id } = await createEventDirect(ctx, { organizerId });
    // Twice: the first read fills the event cache, the second is served from it.
    for (const round of [1, 2]) {
      const first = await read(id);
      const etag = first.headers.etag as string;
      expect(etag, `round ${round}`).toMatch(/^"[\w-]+\.[\w-]+"$/);
      const again = await read(id, { 'if-none-match': etag });
      expect(again.statusCode, `round ${round}`).toBe(304);
      expect(again.body).toBe('');
      expect(again.headers.etag).toBe(etag);
    }
  });

  it('never answers 304 to the shared part alone, whose personal state may be stale', async () => {
    const { id } = await createEventDirect(ctx, { organizerId });
    const before = await read(id);
    const etag = before.headers.etag as string;
    const shared = `${etag.slice(0, etag.indexOf('.'))}"`;
    const favourite = await app.inject({
      method: 'PUT',
      url: `/v1/me/favorites/${id}`,
      headers: reader.headers,
    });
    expect(favourite.statusCode, favourite.body).toBeLessThan(300);
    for (const tag of [shared, etag]) {
      const res = await read(id, { 'if-none-match': tag });
      expect(res.statusCode, tag).toBe(200);
      expect(res.json().data.favorited).toBe(true);
    }
    // An anonymous reader still gets 304 on the shared validator.
    const anonymous = await app.inject({ url: `/v1/events/${id}` });
    const repeat = await app.inject({
      url: `/v1/events/${id}`,
      headers: { 'if-none-match': anonymous.headers.etag as string },
    });
    expect(repeat.statusCode).toBe(304);
  });
});

describe('If-Match', () => {
  it('refuses a weak validator with 412 (strong comparison)', async () => {
    const { id } = await createEventDirect(ctx, { organizerId });
    const etag = (await app.inject({ url: `/v1/events/${id}` })).headers.etag as string;
    const weak = await patchTitle(id, `W/${etag}`);
    expect(weak.statusCode).toBe(412);
    expect(weak.json().code).toBe('REQUEST.PRECONDITION_FAILED');
    expect((await patchTitle(id, etag)).statusCode).toBe(200);
  });

  it('succeeds when any member of a list matches, and on *', async () => {
    const { id } = await createEventDirect(ctx, { organizerId });
    const etag = (await app.inject({ url: `/v1/events/${id}` })).headers.etag as string;
    const listed = await patchTitle(id, `"x", ${etag}, "y"`);
    expect(listed.statusCode, listed.body).toBe(200);
    const next = listed.headers.etag as string;
    const last = await patchTitle(id, `${next}, "x"`, 'Again');
    expect(last.statusCode, last.body).toBe(200);
    expect((await patchTitle(id, `"x", ${etag}`)).statusCode).toBe(412);
    expect((await patchTitle(id, '*', 'Any')).statusCode).toBe(200);
    // A signed-in read's validator names the same state for a writer.
    const personal = (await read(id)).headers.etag as string;
    expect((await patchTitle(id, `"x", ${personal}`, 'Personal')).statusCode).toBe(200);
  });
});
