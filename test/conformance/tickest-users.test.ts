import type { AddressInfo } from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../app.js';
import { createUser } from '../fixtures/identity.js';
import { tickestClient, type Json } from './tickest-client.js';

/** The Tickest client contract for users, errors and documentation, over real HTTP. */
const ctx = await useTestApp();
await ctx.app.listen({ port: 0, host: '127.0.0.1' });
const call = tickestClient(`http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`);

let admin: { id: string; accessToken: string };
let attendee: { id: string; accessToken: string };

beforeAll(async () => {
  admin = await createUser(ctx, { roles: ['admin'] });
  attendee = await createUser(ctx, {});
});

describe('users', () => {
  const password = 'a long enough passphrase';
  let user: Json;

  it('registers (201), refuses a taken email (409), never returns a password', async () => {
    const res = await call('POST', '/api/users', {
      body: { name: 'Maria Conformance', email: 'maria@conformance.test', password },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      _id: expect.any(String),
      name: 'Maria Conformance',
      email: 'maria@conformance.test',
      about: '',
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash|argon/i);
    user = res.body;
    const taken = await call('POST', '/api/users', {
      body: { name: 'Other', email: 'MARIA@conformance.test', password },
    });
    expect(taken).toMatchObject({ status: 409, body: { message: expect.any(String) } });
    const weak = await call('POST', '/api/users', {
      body: { name: 'W', email: 'w@conformance.test', password: '123' },
    });
    expect(weak.status).toBe(400);
  });

  it('logs in with name or email and answers _id at the top level', async () => {
    for (const body of [
      { name: 'Maria Conformance', password },
      { name: 'maria@conformance.test', password },
      { email: 'maria@conformance.test', password },
    ]) {
      const res = await call('POST', '/api/users/login', { body });
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(res.body).toMatchObject({
        _id: user._id,
        name: 'Maria Conformance',
        email: 'maria@conformance.test',
        about: '',
        message: 'Login successful',
        user: { _id: user._id },
        accessToken: expect.any(String),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);
    }
    const wrong = await call('POST', '/api/users/login', {
      body: { name: 'Maria Conformance', password: 'nope nope nope' },
    });
    expect(wrong).toMatchObject({ status: 401, body: { message: expect.any(String) } });
  });

  it('gets a user or 404, and 400 for a malformed id', async () => {
    expect(await call('GET', `/api/users/${user._id}`)).toMatchObject({
      status: 200,
      body: { _id: user._id, name: 'Maria Conformance' },
    });
    expect((await call('GET', '/api/users/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await call('GET', '/api/users/64bbf2f47acb8e2c843ab123')).status).toBe(400);
  });

  it("updates name and about with the user's token; email waits for verification", async () => {
    const { accessToken } = (
      await call('POST', '/api/users/login', { body: { email: user.email, password } })
    ).body;
    expect((await call('PUT', `/api/users/${user._id}`, { body: { name: 'X' } })).status).toBe(401);
    const res = await call('PUT', `/api/users/${user._id}`, {
      token: accessToken,
      body: { name: 'Maria C.', about: 'Likes theatre', email: 'new-maria@conformance.test' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      _id: user._id,
      name: 'Maria C.',
      about: 'Likes theatre',
      email: 'maria@conformance.test',
    });
    const changed = await call('PUT', `/api/users/${user._id}`, {
      token: accessToken,
      body: { password: 'short' },
    });
    expect(changed.status).toBe(400);
    const other = await call('PUT', `/api/users/${user._id}`, {
      token: attendee.accessToken,
      body: { name: 'Hijack' },
    });
    expect(other.status).toBe(403);
  });

  it('keeps user administration for admins', async () => {
    expect((await call('GET', '/api/users')).status).toBe(401);
    expect((await call('GET', '/api/users', { token: attendee.accessToken })).status).toBe(403);
    const list = await call('GET', '/api/users', { token: admin.accessToken });
    expect(list.status).toBe(200);
    expect(list.body.map((u: Json) => u._id)).toContain(user._id);
    expect(JSON.stringify(list.body)).not.toMatch(/password|hash/i);
    expect((await call('DELETE', `/api/users/${user._id}`)).status).toBe(401);
    expect(
      (await call('DELETE', `/api/users/${user._id}`, { token: attendee.accessToken })).status,
    ).toBe(403);
    const deleted = await call('DELETE', `/api/users/${user._id}`, { token: admin.accessToken });
    expect(deleted.status).toBe(200);
    expect((await call('GET', `/api/users/${user._id}`)).status).toBe(404);
  });
});

describe('errors and documentation', () => {
  it('answers unknown /api routes with a Tickest message', async () => {
    expect(await call('GET', '/api/nothing')).toMatchObject({
      status: 404,
      body: { message: expect.any(String) },
    });
  });

  it('documents the /api routes in OpenAPI under the tickest tag', async () => {
    const doc = await call('GET', '/openapi.json');
    expect(doc.body.paths['/api/events'].get.tags).toEqual(['tickest']);
    expect(doc.body.paths['/api/favorites'].post.tags).toEqual(['tickest']);
  });
});
