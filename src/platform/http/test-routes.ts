import { Type } from 'typebox';
import type { App } from './types.js';

/**
 * Routes that exist only when NODE_ENV=test, hidden from the OpenAPI document:
 * black-box tests need a request that stays in flight (graceful shutdown).
 */
export async function testOnlyRoutes(app: App): Promise<void> {
  app.get(
    '/__test/slow',
    {
      config: { rateLimit: false },
      schema: {
        hide: true,
        querystring: Type.Object({ ms: Type.Integer({ minimum: 0, maximum: 30_000 }) }),
      },
    },
    async (request) => {
      await new Promise((resolve) => setTimeout(resolve, request.query.ms));
      return { success: true as const, data: { sleptMs: request.query.ms } };
    },
  );
}
