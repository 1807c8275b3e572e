/**
 * One more API instance for bench/ticketing.ts `--instances N`, run in a
 * worker thread: the same app on the same database and data directory (so
 * it signs and verifies with the same keys), listening on its own port, as a
 * second Marquee process behind a load balancer would. Posts its URL, then
 * closes when told to.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { buildApp, composeModules } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createPlatform } from '../src/platform/platform.js';
import { warmUp } from '../src/warm-up.js';

export interface InstanceInput {
  databaseUrl: string;
  dataDir: string;
  poolMax: string;
  warmUpRequests: number;
}

const input = workerData as InstanceInput;
const platform = await createPlatform(
  loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: input.databaseUrl,
    DATA_DIR: input.dataDir,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MAX: '1000000',
    RUN_WORKERS: 'false',
    SEED: 'false',
    DATABASE_POOL_MAX: input.poolMax,
  }),
);
const modules = await composeModules(platform);
const app = await buildApp(platform, { modules });
await app.ready();
await warmUp(app, input.warmUpRequests, await modules.identity.api.tokenOfNoSession());
const url = await app.listen({ port: 0, host: '127.0.0.1', backlog: 4096 });
parentPort!.postMessage({ url });
parentPort!.once('message', () => {
  void app
    .close()
    .then(() => platform.close())
    .then(() => parentPort!.postMessage({ closed: true }));
});
