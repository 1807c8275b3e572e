import { compare, replayableHeaders, startApp, startBare } from './harness.js';

/**
 * GET /v1/health/live of the real app against two bare servers: one returning
 * the same body, one returning the same body and the same response headers.
 */
export default async function healthBench(): Promise<void> {
  const app = await startApp();
  try {
    const sample = await fetch(`${app.url}/v1/health/live`);
    const body = await sample.text();
    const sameBody = await startBare('/v1/health/live', body);
    const sameResponse = await startBare('/v1/health/live', body, {
      headers: replayableHeaders(sample),
    });
    try {
      await compare('GET /v1/health/live', `${app.url}/v1/health/live`, {
        'bare, same body': `${sameBody.url}/v1/health/live`,
        'bare, same body and headers': `${sameResponse.url}/v1/health/live`,
      });
    } finally {
      await sameBody.close();
      await sameResponse.close();
    }
  } finally {
    await app.close();
  }
}
