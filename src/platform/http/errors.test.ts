import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { createUser } from '../../../test/fixtures/identity.js';
import { captureLogs } from '../../../test/logs.js';
import { ok } from './envelope.js';
import type { ProblemBody } from './error-handler.js';
import { AppError, conflict, notFound, type FieldError } from './errors.js';
import type { App } from './types.js';

const logs = captureLogs();

async function probeRoutes(app: App) {
  app.post(
    '/probe/items/:id',
    {
      schema: {
        params: Type.Object({ id: Type.Integer() }),
        querystring: Type.Object({ mode: Type.Union([Type.Literal('a'), Type.Literal('b')]) }),
        body: Type.Object(
          { name: Type.String({ minLength: 1 }), count: Type.Integer({ minimum: 0 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => ok({ id: request.params.id }),
  );
  app.get('/probe/boom', async () => {
    throw new Error('secret internals: connection to 10.0.0.7 refused');
  });
  app.get('/probe/app-error', async () => {
    throw conflict('PROBE.CLASH', 'It clashes.', { with: 42 });
  });
  app.get('/probe/not-found', async () => {
    throw notFound('The probe');
  });
  app.get('/probe/app-500', async () => {
    throw new AppError('PROBE.BROKEN', 503, 'Dependency is down.');
  });
  app.post('/probe/log', async (request) => {
    request.log.info({ headers: request.headers, body: request.body }, 'probe logged');
    return ok(true);
  });
}

const ctx = await useTestApp(
  { BODY_LIMIT_BYTES: '2048' },
  { plugins: [probeRoutes], logStream: logs.stream },
);
const { app } = ctx;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type ProblemJson = ProblemBody & { errors: FieldError[] };

function expectProblem(res: {
  statusCode: number;
  headers: Record<string, unknown>;
  json(): unknown;
}) {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json() as ProblemJson;
  expect(body).toMatchObject({ success: false, status: res.statusCode });
  expect(body.requestId).toBe(res.headers['x-request-id']);
  return body;
}

describe('request id', () => {
  it('echoes a sane X-Request-Id', async () => {
    const res = await app.inject({
      url: '/v1/health/live',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(res.headers['x-request-id']).toBe('abc-123');
  });

  it('replaces an insane one with a generated UUID', async () => {
    for (const bad of ['has space', 'x'.repeat(200), 'line\u0001break']) {
      const res = await app.inject({ url: '/v1/health/live', headers: { 'x-request-id': bad } });
      expect(res.headers['x-request-id']).toMatch(UUID);
    }
    const none = await app.inject({ url: '/v1/health/live' });
    expect(none.headers['x-request-id']).toMatch(UUID);
  });

  it('appears in error bodies and in every log line of the request', async () => {
    const res = await app.inject({ url: '/nowhere', headers: { 'x-request-id': 'trace-me-1' } });
    expect(res.json().requestId).toBe('trace-me-1');
    const mine = logs.lines.filter((line) => line.reqId === 'trace-me-1');
    expect(mine.length).toBeGreaterThanOrEqual(2); // incoming request + request completed
  });
});

describe('validation', () => {
  it('lists each bad field of body, query and params in errors[]', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/probe/items/abc?mode=c',
      payload: { name: '', count: -1, extra: true },
    });
    expect(res.statusCode).toBe(400);
    const body = expectProblem(res);
    expect(body.code).toBe('REQUEST.VALIDATION_FAILED');
    // Fastify validates params first and stops at the first failing part.
    expect(body.errors.map((e) => e.field)).toEqual(['path.id']);

    const query = await app.inject({
      method: 'POST',
      url: '/probe/items/1?mode=c',
      payload: { name: 'x', count: 1 },
    });
    expect(expectProblem(query).errors.map((e) => e.field)).toEqual(['query.mode']);

    const bodyOnly = await app.inject({
      method: 'POST',
      url: '/probe/items/1?mode=a',
      payload: { name: '', count: -1, extra: true },
    });
    const fields = expectProblem(bodyOnly).errors.map((e) => e.field);
    expect(fields.sort()).toEqual(['body.count', 'body.extra', 'body.name']);
    expect(bodyOnly.json().detail).toContain('body.name');
  });

  it('names a missing required property', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/probe/items/1?mode=a',
      payload: { name: 'x' },
    });
    expect(expectProblem(res).errors).toEqual([
      { field: 'body.count', message: expect.any(String) },
    ]);
  });

  it('accepts a valid request', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/probe/items/7?mode=b',
      payload: { name: 'x', count: 0 },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ success: true, data: { id: 7 } });
  });
});

describe('malformed requests', () => {
  const post = (payload: string, headers: Record<string, string>) =>
    app.inject({ method: 'POST', url: '/probe/items/1?mode=a', payload, headers });

  it('answers 400 to malformed JSON', async () => {
    const res = await post('{"name": ', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(expectProblem(res).code).toBe('REQUEST.MALFORMED_JSON');
  });

  it('answers 400 to an empty JSON body', async () => {
    const res = await post('', { 'content-type': 'application/json' });
    expect(res.statusCode).toBe(400);
    expect(expectProblem(res).code).toBe('REQUEST.EMPTY_JSON_BODY');
  });

  it('answers 413 to a body over the limit', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(4000), count: 1 }), {
      'content-type': 'application/json',
    });
    expect(res.statusCode).toBe(413);
    expect(expectProblem(res).code).toBe('REQUEST.BODY_TOO_LARGE');
  });

  it('answers 415 to an unsupported content type', async () => {
    const res = await post('name=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(415);
    expect(expectProblem(res).code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('routing', () => {
  it('answers 404 to an unknown route', async () => {
    const res = await app.inject({ url: '/v1/nothing-here?x=1' });
    expect(res.statusCode).toBe(404);
    const body = expectProblem(res);
    expect(body).toMatchObject({ code: 'REQUEST.ROUTE_NOT_FOUND', instance: '/v1/nothing-here' });
  });

  it('answers 405 with an Allow header to a wrong method on a known path', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/v1/health/live' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(expectProblem(res).code).toBe('REQUEST.METHOD_NOT_ALLOWED');

    const withParams = await app.inject({ method: 'GET', url: '/probe/items/5' });
    expect(withParams.statusCode).toBe(405);
    expect(withParams.headers.allow).toBe('POST');
  });
});

describe('errors thrown by handlers', () => {
  it('turns an unexpected error into a 500 without internals, logged with its stack', async () => {
    const res = await app.inject({ url: '/probe/boom', headers: { 'x-request-id': 'boom-1' } });
    expect(res.statusCode).toBe(500);
    const body = expectProblem(res);
    expect(body.code).toBe('SERVER.INTERNAL_ERROR');
    expect(res.body).not.toContain('10.0.0.7');
    expect(res.body).not.toContain('secret internals');
    expect(res.body).not.toMatch(/at .*\.ts:\d+/);
    const logged = logs.lines.find((line) => line.reqId === 'boom-1' && line.level === 50);
    const err = logged?.err as { message: string; stack: string } | undefined;
    expect(err?.message).toContain('secret internals');
    expect(err?.stack).toMatch(/errors\.test\.ts/);
  });

  it('maps AppError to its status, code, message and details', async () => {
    const res = await app.inject({ url: '/probe/app-error' });
    expect(res.statusCode).toBe(409);
    expect(expectProblem(res)).toMatchObject({
      code: 'PROBE.CLASH',
      title: 'Conflict',
      detail: 'It clashes.',
      details: { with: 42 },
      type: 'urn:marquee:problem:probe.clash',
    });
    const missing = await app.inject({ url: '/probe/not-found' });
    expect(missing.statusCode).toBe(404);
    expect(expectProblem(missing)).toMatchObject({
      code: 'RESOURCE.NOT_FOUND',
      detail: 'The probe was not found.',
    });
    const unavailable = await app.inject({ url: '/probe/app-500' });
    expect(unavailable.statusCode).toBe(503);
    expect(expectProblem(unavailable).code).toBe('PROBE.BROKEN');
  });
});

describe('log redaction', () => {
  it('never writes Authorization headers, cookies or passwords', async () => {
    // A real token: the authentication hook refuses unknown ones before the handler runs.
    const { accessToken } = await createUser(ctx);
    await app.inject({
      method: 'POST',
      url: '/probe/log',
      headers: {
        authorization: `Bearer ${accessToken}`,
        cookie: 'sid=cookie-secret',
        'x-request-id': 'redact-1',
      },
      payload: { email: 'a@example.com', password: 'hunter2-secret', nested: { password: 'p2' } },
    });
    const mine = logs.lines.filter((line) => line.reqId === 'redact-1');
    const text = JSON.stringify(mine);
    expect(mine.find((line) => line.msg === 'probe logged')).toBeDefined();
    expect(text).toContain('a@example.com');
    for (const secret of [accessToken, 'cookie-secret', 'hunter2-secret', '"p2"']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('AppError', () => {
  it('captures a stack only for 5xx, and leaves the stack limit as it was', () => {
    const limit = Error.stackTraceLimit;
    const refusal = new AppError('PROBE.CLASH', 409, 'It clashes.');
    const fault = new AppError('PROBE.BROKEN', 503, 'It broke.');
    expect(refusal.stack).toBe('AppError: It clashes.');
    expect(fault.stack).toMatch(/errors\.test\.ts/);
    expect(Error.stackTraceLimit).toBe(limit);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toBeInstanceOf(Error);
  });
});
