import { compare, startApp, startBare } from './harness.js';

/** GET /v1/health/live of the real app against a bare server returning the same bytes. */
export default async function healthBench(): Promise<void> {
  const app = await startApp();
  try {
    const sample = await fetch(`${app.url}/v1/health/live`);
    const body = await sample.text();
    const bare = await startBare('/v1/health/live', body);
    try {
      await compare(
        'GET /v1/health/live',
        `${app.url}/v1/health/live`,
        `${bare.url}/v1/health/live`,
      );
    } finally {
      await bare.close();
    }
  } finally {
    await app.close();
  }
}
