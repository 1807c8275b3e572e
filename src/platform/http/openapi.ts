import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config.js';
import { ProblemRef } from './envelope.js';

/**
 * Documents the problems every route can answer without each route repeating
 * them: 400 where there is input to validate, 429 where rate limiting applies,
 * 500 everywhere. A route's own declarations win.
 */
function addStandardProblems(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as Record<string, unknown> | undefined;
    if (!schema || schema.hide) return;
    const response = { ...((schema.response as Record<string, unknown> | undefined) ?? {}) };
    const hasInput = ['body', 'querystring', 'params', 'headers'].some((part) => part in schema);
    const isRateLimited =
      (route.config as { rateLimit?: unknown } | undefined)?.rateLimit !== false;
    const statuses = [...(hasInput ? [400] : []), ...(isRateLimited ? [429] : []), 500];
    for (const status of statuses) response[status] ??= ProblemRef;
    schema.response = response;
  });
}

/** Where the reference UI is served, or undefined when it is not (API_DOCS off). */
export const docsUrl = (config: Pick<Config, 'apiDocs' | 'publicBaseUrl'>): string | undefined =>
  config.apiDocs ? `${config.publicBaseUrl}/docs` : undefined;

/**
 * OpenAPI 3.1 generated from route schemas, at /openapi.json, with a reference
 * UI at /docs; both only when API_DOCS is on (default: everywhere but production).
 */
export async function registerOpenApi(app: FastifyInstance, config: Config): Promise<void> {
  addStandardProblems(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Marquee API',
        version: '0.1.0',
        description:
          'Event platform backend. Native API under /v1 (success envelope, RFC 9457 problems); Tickest-compatible API under /api. The WebSocket at /v1/ws speaks the protocol described by the AsyncAPI document at [/asyncapi.json](/asyncapi.json).',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: config.publicBaseUrl }],
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        },
      },
    },
    refResolver: {
      // Shared schemas registered with addSchema become components.schemas.<$id>.
      buildLocalReference: (json, _baseUri, _fragment, index) =>
        typeof json.$id === 'string' ? json.$id : `def-${index}`,
    },
  });
  // Routes are still described (swagger collects them), but not served.
  if (!config.apiDocs) return;
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    uiConfig: { url: '/openapi.json', deepLinking: true },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
