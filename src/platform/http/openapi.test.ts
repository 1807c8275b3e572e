import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';

const { app } = await useTestApp({ RATE_LIMIT_MAX: '100000' });

interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
  security?: unknown[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

describe('OpenAPI', () => {
  it('serves a valid OpenAPI 3.1 document', async () => {
    const res = await app.inject({ url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const document = res.json();
    expect(document.openapi).toBe('3.1.0');
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every route: summary, tags and a response schema for each status', async () => {
    const document = (await app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
    );
    expect(operations.map((o) => o.route)).toContain('GET /v1/health/ready');
    const problems: string[] = [];
    for (const { route, operation } of operations) {
      if (!operation.summary) problems.push(`${route}: no summary`);
      if (!operation.tags?.length) problems.push(`${route}: no tags`);
      const responses = operation.responses ?? {};
      const statuses = Object.keys(responses);
      // 101: the WebSocket upgrade's success.
      if (!statuses.some((status) => /^(101|[23]\d\d)$/.test(status)))
        problems.push(`${route}: no 2xx or 3xx`);
      if (!statuses.includes('500')) problems.push(`${route}: no 500`);
      if ((operation.parameters?.length || operation.requestBody) && !statuses.includes('400'))
        problems.push(`${route}: has input but no 400`);
      for (const [status, response] of Object.entries(responses)) {
        // No body to describe: an upgrade, no content, not modified, or a redirect.
        if (status === '101' || status === '204' || /^3\d\d$/.test(status)) continue;
        const media = Object.values(response.content ?? {});
        if (!media.length || !media.every((m) => m.schema))
          problems.push(`${route}: ${status} has no schema`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps hidden routes out of the document', async () => {
    const document = (await app.inject({ url: '/openapi.json' })).json();
    const paths = Object.keys(document.paths);
    expect(paths.filter((p) => p.startsWith('/__test') || p.startsWith('/docs'))).toEqual([]);
    expect(paths).not.toContain('/openapi.json');
  });

  it('serves the interactive reference at /docs', async () => {
    const res = await app.inject({ url: '/docs' });
    const page = res.statusCode === 302 ? await app.inject({ url: res.headers.location! }) : res;
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toMatch(/<html/i);
  });

  it('declares security on every route that answers 401 without a token', async () => {
    const document = (await app.inject({ url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    // Its credential is the refresh token (body or cookie), not a bearer token.
    const NOT_BEARER = new Set(['POST /v1/auth/refresh']);
    const undeclared: string[] = [];
    let refused = 0;
    for (const [path, item] of Object.entries(document.paths)) {
      // Any well-formed id: a route that needs a sign-in refuses before looking it up.
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000001');
      for (const [method, operation] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        const res = await app.inject({ method: method.toUpperCase() as 'GET', url });
        if (res.statusCode !== 401) continue;
        const route = `${method.toUpperCase()} ${path}`;
        if (NOT_BEARER.has(route)) continue;
        refused++;
        if (!operation.security?.length) undeclared.push(route);
      }
    }
    // The walk reaches the signed-in routes (reservations, orders, tickets, /v1/me ...).
    expect(refused).toBeGreaterThan(60);
    expect(undeclared).toEqual([]);
  });
});
