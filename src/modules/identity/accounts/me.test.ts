import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createUser } from '../../../../test/fixtures/identity.js';
import { users } from '../identity.tables.js';

const ctx = await useTestApp();
const { app, platform } = ctx;

describe('/v1/me', () => {
  it('requires authentication', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH.UNAUTHENTICATED');
  });

  it('refuses a time zone that does not exist, changing nothing', async () => {
    const user = await createUser(ctx);
    const res = await app.inject({
      method: 'PATCH',
      url: '/v1/me',
      headers: user.headers,
      payload: { name: 'Not Saved', timeZone: 'Mars/Olympus' },
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('body.timeZone');
    const [row] = await platform.database.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.timeZone).toBe(null);
    expect(row!.name).not.toBe('Not Saved');
  });

  it('updates the profile fields a user owns', async () => {
    const user = await createUser(ctx);
    const res = await app.inject({
      method: 'PATCH',
      url: '/v1/me',
      headers: user.headers,
      payload: {
        name: 'New Name',
        bio: 'Hello',
        avatarUrl: 'https://cdn.example.test/a.png',
        locale: 'fr-FR',
        timeZone: 'Europe/Paris',
        preferences: { favouriteCategories: ['music', 'tech'] },
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({
      name: 'New Name',
      locale: 'fr-FR',
      preferences: { favouriteCategories: ['music', 'tech'] },
    });
    const [row] = await platform.database.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.timeZone).toBe('Europe/Paris');
  });

  it.each([
    { roles: ['admin'] },
    { email: 'x@example.test' },
    { status: 'active' },
    { passwordHash: 'x' },
  ])('refuses mass assignment of %o and leaves the row unchanged', async (payload) => {
    const user = await createUser(ctx);
    const res = await app.inject({
      method: 'PATCH',
      url: '/v1/me',
      headers: user.headers,
      payload: { name: 'Sneaky', ...payload },
    });
    expect(res.statusCode).toBe(400);
    const [row] = await platform.database.db.select().from(users).where(eq(users.id, user.id));
    expect(row!.roles).toEqual(['attendee']);
    expect(row!.name).not.toBe('Sneaky');
    expect(row!.email).toBe(user.email);
  });
});
