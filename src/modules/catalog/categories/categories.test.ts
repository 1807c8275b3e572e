import { describe, expect, it } from 'vitest';
import { app, owner, manager, admin, draftBody, createDraft } from '../events/events.fixture.js';

describe('categories', () => {
  it('lets admins manage the dictionary; a category in use can only be deactivated', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/v1/categories',
      headers: admin.headers,
      payload: { slug: 'opera', name: 'Opera' },
    });
    expect(created.statusCode).toBe(201);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/categories',
          headers: admin.headers,
          payload: { slug: 'opera', name: 'Opera' },
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/v1/categories',
          headers: owner.headers,
          payload: { slug: 'x', name: 'X' },
        })
      ).statusCode,
    ).toBe(403);
    await createDraft(manager, { ...draftBody(), category: 'opera' });
    const del = await app.inject({
      method: 'DELETE',
      url: '/v1/categories/opera',
      headers: admin.headers,
    });
    expect(del.statusCode).toBe(409);
    expect(del.json().code).toBe('CATALOG.CATEGORY_IN_USE');
    const off = await app.inject({
      method: 'PATCH',
      url: '/v1/categories/opera',
      headers: admin.headers,
      payload: { active: false },
    });
    expect(off.json().data.active).toBe(false);
    const list = await app.inject({ url: '/v1/categories' });
    expect(list.json().data.map((c: { slug: string }) => c.slug)).toEqual([
      'concert',
      'theater',
      'sports',
      'festival',
      'conference',
      'comedy',
      'workshop',
      'exhibition',
      'movie',
      'other',
    ]);
    const inactive = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: manager.headers,
      payload: { ...draftBody(), category: 'opera' },
    });
    expect(inactive.statusCode).toBe(400);
    await app.inject({
      method: 'POST',
      url: '/v1/categories',
      headers: admin.headers,
      payload: { slug: 'unused', name: 'Unused' },
    });
    expect(
      (await app.inject({ method: 'DELETE', url: '/v1/categories/unused', headers: admin.headers }))
        .statusCode,
    ).toBe(204);
  });
});
