import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createUser } from '../../../../test/fixtures/identity.js';
import { outboxEvents } from '../../../platform/events/outbox.tables.js';
import { IDENTITY_EVENTS } from '../identity.events.js';
import { auditEvents } from '../identity.tables.js';

const ctx = await useTestApp();
const { app, platform } = ctx;
const db = platform.database.db;
const admin = await createUser(ctx, { roles: ['admin'] });

const create = (payload: object, headers = admin.headers) =>
  app.inject({ method: 'POST', url: '/v1/users', headers, payload });

describe('POST /v1/users (admins)', () => {
  it('creates a verified account with roles that signs in at once, audited with the admin', async () => {
    const res = await create({
      name: 'Harness User',
      email: 'Harness@Example.test',
      password: 'a long harness password',
      roles: ['organizer', 'attendee'],
      emailVerified: true,
    });
    expect(res.statusCode).toBe(201);
    const user = res.json().data;
    expect(user).toMatchObject({
      email: 'harness@example.test',
      roles: ['attendee', 'organizer'],
      emailVerified: true,
    });
    expect(JSON.stringify(res.json())).not.toContain('password');
    const login = await app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: { email: 'harness@example.test', password: 'a long harness password' },
    });
    expect(login.statusCode).toBe(200);
    const audit = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.userId, user.id), eq(auditEvents.action, 'user.created')));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: admin.id });
  });

  it('an unverified account is announced like a registration (its verification mail follows)', async () => {
    const res = await create({
      name: 'Later',
      email: 'later@example.test',
      password: 'a long later password',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().data).toMatchObject({ emailVerified: false, roles: ['attendee'] });
    const announced = await db
      .select()
      .from(outboxEvents)
      .where(eq(outboxEvents.name, IDENTITY_EVENTS.userRegistered));
    expect(
      announced.some((e) => (e.payload as { userId: string }).userId === res.json().data.id),
    ).toBe(true);
  });

  it('refuses non-admins, anonymous callers, taken addresses and bad input, creating nothing', async () => {
    const body = { name: 'X', email: 'x@example.test', password: 'a long enough password x' };
    const someone = await createUser(ctx);
    expect((await create(body, someone.headers)).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/v1/users', payload: body })).statusCode).toBe(
      401,
    );
    expect((await create({ ...body, email: someone.email.toUpperCase() })).statusCode).toBe(409);
    for (const bad of [
      { ...body, password: 'short' },
      { ...body, roles: ['emperor'] },
      { ...body, roles: [] },
      { ...body, emailVerified: 'yes' },
      { ...body, email: 'not an address' },
      { ...body, extra: 1 },
    ]) {
      const res = await create(bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
    const search = await app.inject({
      method: 'GET',
      url: '/v1/users?q=x@example.test',
      headers: admin.headers,
    });
    expect(search.json().data).toEqual([]);
  });
});
