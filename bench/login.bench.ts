import os from 'node:os';
import autocannon from 'autocannon';
import { LOAD, startApp } from './harness.js';

/**
 * Login throughput: POST /v1/auth/login on the real app. Each request verifies
 * an argon2id hash (19 MiB, t=2, p=1) and opens a session, so this measures the
 * CPU's sign-in budget. Few connections: more only queue behind the hashing.
 * `npm run bench -- login` (BENCH_LOGIN_CONNECTIONS, BENCH_DURATION).
 */
export default async function loginBench(): Promise<void> {
  const connections = Number(process.env.BENCH_LOGIN_CONNECTIONS ?? 8);
  const running = await startApp();
  try {
    const email = 'bench-login@example.test';
    const password = 'benchmark password 2026';
    await running.modules.identity.api.createUserAccount({ name: 'Bench', email, password });
    const result = await autocannon({
      url: `${running.url}/v1/auth/login`,
      connections,
      duration: LOAD.duration,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    console.log(
      `\nlogin (${connections} connections, ${LOAD.duration} s, argon2id m=19456 t=2 p=1)`,
    );
    console.log(
      `  ${result.requests.average.toFixed(1)} req/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms   non-2xx ${result.non2xx}, errors ${result.errors}   load average ${os.loadavg()[0]!.toFixed(1)}`,
    );
  } finally {
    await running.close();
  }
}
