import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createEventDirect } from '../../../../test/fixtures/catalog.js';
import {
  addOrganizerMember,
  createOrganizer,
  createUser,
  type TestUser,
} from '../../../../test/fixtures/identity.js';

const ctx = await useTestApp();
const { app } = ctx;

let member: TestUser;
let outsider: TestUser;
const ids: Record<string, number> = {};

beforeAll(async () => {
  const owner = await createUser(ctx);
  member = await createUser(ctx);
  outsider = await createUser(ctx);
  const own = await createOrganizer(ctx, member);
  const joined = await createOrganizer(ctx, owner);
  await addOrganizerMember(ctx, joined.id, member.id, 'staff');
  const other = await createOrganizer(ctx, outsider);
  ids.ownDraft = (await createEventDirect(ctx, { organizerId: own.id, status: 'draft' })).id;
  ids.ownPublished = (await createEventDirect(ctx, { organizerId: own.id })).id;
  ids.joinedPublished = (await createEventDirect(ctx, { organizerId: joined.id })).id;
  ids.other = (await createEventDirect(ctx, { organizerId: other.id })).id;
});

const list = (user: TestUser | null, query = '') =>
  app.inject({
    method: 'GET',
    url: `/v1/me/events${query}`,
    headers: user ? user.headers : {},
  });

describe('GET /v1/me/events', () => {
  it('needs a signed-in user', async () => {
    const res = await list(null);
    expect(res.statusCode).toBe(401);
  });

  it("lists the events of the user's organizers, drafts included, and no others", async () => {
    const res = await list(member, '?sort=createdAt');
    expect(res.statusCode).toBe(200);
    const got = res.json().data.map((e: { id: number }) => e.id);
    expect(got).toEqual([ids.ownDraft, ids.ownPublished, ids.joinedPublished]);
    expect(res.json().meta).toMatchObject({ page: 1, limit: 20, total: 3, totalPages: 1 });

    const theirs = await list(outsider);
    expect(theirs.json().data.map((e: { id: number }) => e.id)).toEqual([ids.other]);
  });

  it('filters by status', async () => {
    const res = await list(member, '?status=draft');
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((e: { id: number }) => e.id)).toEqual([ids.ownDraft]);
  });

  it('pages with meta', async () => {
    const res = await list(member, '?sort=-createdAt&page=2&limit=2');
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((e: { id: number }) => e.id)).toEqual([ids.ownDraft]);
    expect(res.json().meta).toEqual({ page: 2, limit: 2, total: 3, totalPages: 2 });
  });

  it('is empty for a user with no organizer, and rejects an unknown sort', async () => {
    const loner = await createUser(ctx);
    const res = await list(loner);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ data: [], meta: { total: 0 } });
    expect((await list(member, '?sort=nope')).statusCode).toBe(400);
  });
});
