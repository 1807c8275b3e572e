import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createUser } from '../../../../test/fixtures/identity.js';
import { auditEvents, users } from '../identity.tables.js';

const ctx = await useTestApp({
  ADMIN_EMAIL: 'Root@Example.test',
  ADMIN_PASSWORD: 'bootstrap admin password',
});
const { app, platform } = ctx;
const db = platform.database.db;

describe('first admin', () => {
  it('is created once from ADMIN_EMAIL, verified, with the admin role', async () => {
    const rows = await db.select().from(users).where(eq(users.email, 'root@example.test'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.roles).toEqual(['admin']);
    expect(rows[0]!.emailVerifiedAt).not.toBeNull();
    const res = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: 'root@example.test', password: 'bootstrap admin password' },
    });
    expect(res.statusCode).toBe(200);
  });
});

describe('user administration', () => {
  it('is for admins only', async () => {
    const user = await createUser(ctx);
    const res = await app.inject({ method: 'GET', url: '/v1/users', headers: user.headers });
    expect(res.statusCode).toBe(403);
    const other = await createUser(ctx);
    const peek = await app.inject({
      method: 'GET',
      url: `/v1/users/${other.id}`,
      headers: user.headers,
    });
    expect(peek.statusCode).toBe(403);
  });

  it('searches, filters, sorts and pages', async () => {
    const admin = await createUser(ctx, { roles: ['admin'] });
    await createUser(ctx, { name: 'Zelda Searchable', roles: ['organizer'] });
    await createUser(ctx, { name: 'Aaron Searchable' });
    const res = await app.inject({
      method: 'GET',
      url: '/v1/users?q=searchable&sort=name&limit=1',
      headers: admin.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.map((u: { name: string }) => u.name)).toEqual(['Aaron Searchable']);
    expect(res.json().meta).toMatchObject({ total: 2, totalPages: 2, limit: 1 });
    const byRole = await app.inject({
      method: 'GET',
      url: '/v1/users?q=searchable&role=organizer',
      headers: admin.headers,
    });
    expect(byRole.json().data.map((u: { name: string }) => u.name)).toEqual(['Zelda Searchable']);
    const bad = await app.inject({
      method: 'GET',
      url: '/v1/users?sort=passwordHash',
      headers: admin.headers,
    });
    expect(bad.statusCode).toBe(400);
    expect(res.body).not.toMatch(/argon2/);
  });

  it('changes roles and suspends: the suspended session stops working at once', async () => {
    const admin = await createUser(ctx, { roles: ['admin'] });
    const user = await createUser(ctx);
    const roles = await app.inject({
      method: 'PATCH',
      url: `/v1/users/${user.id}`,
      headers: admin.headers,
      payload: { roles: ['organizer', 'attendee'] },
    });
    expect(roles.json().data.roles).toEqual(['attendee', 'organizer']);
    const suspend = await app.inject({
      method: 'PATCH',
      url: `/v1/users/${user.id}`,
      headers: admin.headers,
      payload: { status: 'suspended' },
    });
    expect(suspend.statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'GET', url: '/v1/me', headers: user.headers })).statusCode,
    ).toBe(401);
    const login = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: user.email, password: user.password },
    });
    expect(login.statusCode).toBe(403);
    await app.inject({
      method: 'PATCH',
      url: `/v1/users/${user.id}`,
      headers: admin.headers,
      payload: { status: 'active' },
    });
    const again = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: user.email, password: user.password },
    });
    expect(again.statusCode).toBe(200);
    const activity = await app.inject({
      method: 'GET',
      url: `/v1/users/${user.id}/activity`,
      headers: admin.headers,
    });
    const actions = activity.json().data.map((a: { action: string }) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['roles.changed', 'user.suspended', 'user.reactivated']),
    );
    const audit = await db.select().from(auditEvents).where(eq(auditEvents.userId, user.id));
    expect(audit.find((a) => a.action === 'user.suspended')!.actorId).toBe(admin.id);
  });

  it('deletes (anonymises) a user, but not oneself', async () => {
    const admin = await createUser(ctx, { roles: ['admin'] });
    const user = await createUser(ctx);
    const res = await app.inject({
      method: 'DELETE',
      url: `/v1/users/${user.id}`,
      headers: admin.headers,
    });
    expect(res.statusCode).toBe(204);
    const [row] = await db.select().from(users).where(eq(users.id, user.id));
    expect(row!.status).toBe('deleted');
    const self = await app.inject({
      method: 'DELETE',
      url: `/v1/users/${admin.id}`,
      headers: admin.headers,
    });
    expect(self.statusCode).toBe(409);
  });
});
