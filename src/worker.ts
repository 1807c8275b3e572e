import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { onShutdownSignal } from './platform/lifecycle.js';
import { createPlatform } from './platform/platform.js';

/** Runs only the outbox relay and the job workers: scale these apart from the API. */
async function main(): Promise<void> {
  const config = loadConfig();
  const platform = await createPlatform(config);
  // Building the app registers every module's subscribers and jobs; it never listens.
  const app = await buildApp(platform);
  await app.ready();
  await platform.startWorkers();
  platform.log.info('Marquee worker is running (outbox relay and jobs)');
  onShutdownSignal(platform.log, config.shutdownTimeoutMs, async () => {
    await app.close();
    await platform.close();
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Marquee worker failed to start:', error);
  process.exit(1);
});
