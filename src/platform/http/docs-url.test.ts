import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app.js';
import { docsUrl } from './openapi.js';

/** The ready log advertises /docs (docsUrl) exactly when it is served. */
describe('docsUrl', () => {
  it.each([
    ['off (the production default)', { NODE_ENV: 'production' }, 404],
    ['on', { API_DOCS: 'true' }, 200],
  ])('with API_DOCS %s', async (_name, env, status) => {
    const ctx = await createTestApp(env);
    try {
      const res = await ctx.app.inject({ url: '/docs' });
      expect(res.statusCode).toBe(status);
      const url = docsUrl(ctx.platform.config);
      if (status === 200) expect(url).toBe(`${ctx.platform.config.publicBaseUrl}/docs`);
      else expect(url).toBeUndefined();
    } finally {
      await ctx.close();
    }
  });
});
