import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { ListEnvelope, ok, page, problems } from './envelope.js';
import { assertIfMatch, etagOf, isNotModified } from './etag.js';
import { PaginationQuery, SortQuery, pageRequest, parseSort } from './pagination.js';
import type { App } from './types.js';

const ITEMS = Array.from({ length: 45 }, (_, i) => ({ id: i + 1, name: `item ${45 - i}` }));
const Item = Type.Object({ id: Type.Integer(), name: Type.String() });
let version = 1;

async function probeRoutes(app: App) {
  app.get(
    '/probe/list',
    {
      schema: {
        querystring: Type.Object({ ...PaginationQuery, sort: SortQuery }),
        response: { 200: ListEnvelope(Item), ...problems(400) },
      },
    },
    async (request) => {
      const { page: number, limit, offset } = pageRequest(request.query);
      const [term] = parseSort(request.query.sort, ['id', 'name'] as const, [
        { field: 'id', direction: 'asc' },
      ]);
      const sorted = [...ITEMS].sort((a, b) => {
        const order = String(a[term!.field]).localeCompare(String(b[term!.field]), 'en', {
          numeric: true,
        });
        return term!.direction === 'asc' ? order : -order;
      });
      return page(sorted.slice(offset, offset + limit), { page: number, limit, total: 45 });
    },
  );
  app.get('/probe/doc', async (request, reply) => {
    if (isNotModified(request, reply, etagOf('doc', version))) return reply.send();
    return ok({ version });
  });
  app.put('/probe/doc', async (request, reply) => {
    assertIfMatch(request, etagOf('doc', version));
    version += 1;
    reply.header('etag', etagOf('doc', version));
    return ok({ version });
  });
}

const { app } = await useTestApp({}, { plugins: [probeRoutes] });

describe('pagination', () => {
  it('defaults to page 1 of 20 with meta', async () => {
    const res = await app.inject({ url: '/probe/list' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.data).toHaveLength(20);
    expect(body.meta).toEqual({ page: 1, limit: 20, total: 45, totalPages: 3 });
  });

  it('returns the requested page', async () => {
    const body = (await app.inject({ url: '/probe/list?page=3&limit=20' })).json();
    expect(body.data.map((i: { id: number }) => i.id)).toEqual([41, 42, 43, 44, 45]);
    expect(body.meta.page).toBe(3);
  });

  it('rejects limit over 100 and page 0 naming the parameter', async () => {
    const res = await app.inject({ url: '/probe/list?limit=101&page=0' });
    expect(res.statusCode).toBe(400);
    expect(
      res
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['query.limit', 'query.page']);
  });
});

describe('sort whitelist', () => {
  it('sorts by an allowed field, descending with -', async () => {
    const body = (await app.inject({ url: '/probe/list?sort=-id&limit=2' })).json();
    expect(body.data.map((i: { id: number }) => i.id)).toEqual([45, 44]);
    const byName = (await app.inject({ url: '/probe/list?sort=name&limit=1' })).json();
    expect(byName.data[0].name).toBe('item 1');
  });

  it('answers 400 to an unknown sort field, listing the allowed ones', async () => {
    const res = await app.inject({ url: '/probe/list?sort=id,-password' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'REQUEST.INVALID',
      errors: [{ field: 'query.sort', message: expect.stringContaining('allowed: id, name') }],
    });
  });
});

describe('ETag', () => {
  it('answers 304 to If-None-Match with the current ETag', async () => {
    const first = await app.inject({ url: '/probe/doc' });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await app.inject({ url: '/probe/doc', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    const stale = await app.inject({ url: '/probe/doc', headers: { 'if-none-match': '"old"' } });
    expect(stale.statusCode).toBe(200);
  });

  it('answers 412 to a stale If-Match and accepts the current one', async () => {
    const etag = (await app.inject({ url: '/probe/doc' })).headers.etag as string;
    const ok1 = await app.inject({
      method: 'PUT',
      url: '/probe/doc',
      headers: { 'if-match': etag },
    });
    expect(ok1.statusCode).toBe(200);
    expect(ok1.headers.etag).not.toBe(etag);
    const stale = await app.inject({
      method: 'PUT',
      url: '/probe/doc',
      headers: { 'if-match': etag },
    });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('REQUEST.PRECONDITION_FAILED');
    const any = await app.inject({
      method: 'PUT',
      url: '/probe/doc',
      headers: { 'if-match': '*' },
    });
    expect(any.statusCode).toBe(200);
  });
});
