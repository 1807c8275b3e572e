import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { createTestApp, useTestApp } from '../../../test/app.js';
import { CHANNEL_DOCS } from './asyncapi-channels.js';
import { buildAsyncApi, undocumentedPatterns } from './asyncapi.js';
import { CLOSE, REALTIME_ERRORS } from './protocol.js';

/**
 * The AsyncAPI document of the socket protocol: valid AsyncAPI 3 by the
 * reference parser, served at /asyncapi.json, linked from the OpenAPI
 * description, and covering every channel the running app defines.
 */

const ctx = await useTestApp({ REALTIME_MESSAGES_PER_SECOND: '7' });
const parser = new Parser();

async function errorsOf(document: unknown) {
  const { diagnostics } = await parser.parse(JSON.stringify(document));
  return diagnostics
    .filter((d) => d.severity === DiagnosticSeverity.Error)
    .map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
}

describe('the AsyncAPI document', () => {
  it('is served at /asyncapi.json, and valid AsyncAPI 3.0.0', async () => {
    const res = await ctx.app.inject({ url: '/asyncapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const served = res.json() as { asyncapi: string };
    expect(served.asyncapi).toBe('3.0.0');
    expect(await errorsOf(served)).toEqual([]);
    const { document } = await parser.parse(res.body);
    expect(document?.servers().get('api')?.pathname()).toBe('/v1/ws');
  });

  it('documents every channel the app defines (a new channel without an entry fails here)', async () => {
    const patterns = ctx.platform.realtime.channelPatterns();
    expect(patterns.length).toBeGreaterThan(0);
    expect(undocumentedPatterns(patterns)).toEqual([]);
    const served = (await ctx.app.inject({ url: '/asyncapi.json' })).json() as {
      channels: Record<string, { address: string | null }>;
    };
    const addresses = Object.values(served.channels).map((c) => c.address);
    for (const pattern of patterns) expect(addresses).toContain(pattern);
    // Control: the check sees a channel nobody documented.
    expect(undocumentedPatterns([...patterns, 'lottery:{id}'])).toEqual(['lottery:{id}']);
  });

  it('every documented channel parses, including those other modules have not defined here', async () => {
    const all = buildAsyncApi(ctx.platform.config, [
      ...CHANNEL_DOCS.map((doc) => doc.pattern),
      'not-documented',
    ]) as { channels: Record<string, { address: string | null }> };
    expect(await errorsOf(all)).toEqual([]);
    expect(Object.values(all.channels).map((c) => c.address)).toEqual([
      null,
      ...CHANNEL_DOCS.map((doc) => doc.pattern),
    ]);
  });

  it('the parser check bites: a reference to a channel that does not exist is an error', async () => {
    const broken = buildAsyncApi(ctx.platform.config, ctx.platform.realtime.channelPatterns()) as {
      operations: Record<string, { channel: { $ref: string } }>;
    };
    broken.operations['receive.auth']!.channel = { $ref: '#/channels/nowhere' };
    expect((await errorsOf(broken)).length).toBeGreaterThan(0);
  });

  it('carries the protocol: commands, replies, close codes, error codes, limits, auth', async () => {
    const served = (await ctx.app.inject({ url: '/asyncapi.json' })).json() as {
      info: { description: string };
      servers: { api: Record<string, unknown> & { 'x-close-codes': Record<string, string> } };
      channels: { gateway: { messages: Record<string, unknown> } };
      components: { securitySchemes: Record<string, { in?: string; name?: string }> };
    };
    expect(Object.keys(served.channels.gateway.messages).sort()).toEqual(
      [
        'ack',
        'auth',
        'authenticated',
        'error',
        'ok',
        'ping',
        'pong',
        'subscribe',
        'subscribed',
        'unsubscribe',
        'unsubscribed',
      ].sort(),
    );
    expect(Object.keys(served.servers.api['x-close-codes']).map(Number).sort()).toEqual(
      Object.values(CLOSE).sort(),
    );
    const text = JSON.stringify(served);
    for (const code of Object.values(REALTIME_ERRORS)) expect(text).toContain(code);
    // The limits are this configuration's, not constants.
    expect(served.servers.api['x-limits']).toMatchObject({
      messagesPerSecond: 7,
      maxFrameBytes: 65_536,
    });
    expect(served.info.description).toContain('7 messages per second');
    expect(served.components.securitySchemes.ticket).toMatchObject({ in: 'query', name: 'ticket' });
  });

  it('is linked from the OpenAPI description (what /docs shows) and hidden from its paths', async () => {
    const openapi = (await ctx.app.inject({ url: '/openapi.json' })).json() as {
      info: { description: string };
      paths: Record<string, unknown>;
    };
    expect(openapi.info.description).toContain('(/asyncapi.json)');
    expect(Object.keys(openapi.paths)).not.toContain('/asyncapi.json');
  });

  it('is not served when API_DOCS is off, like /openapi.json', async () => {
    const off = await createTestApp({ API_DOCS: 'false' });
    try {
      expect((await off.app.inject({ url: '/asyncapi.json' })).statusCode).toBe(404);
    } finally {
      await off.close();
    }
  });
});
