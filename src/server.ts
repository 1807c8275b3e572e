import { buildApp, composeModules } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { onShutdownSignal } from './platform/lifecycle.js';
import { createPlatform } from './platform/platform.js';
import { docsUrl } from './platform/http/openapi.js';
import { warmUp } from './warm-up.js';

async function main(): Promise<void> {
  const startedAt = performance.now();
  const config = loadConfig();
  const platform = await createPlatform(config);
  const { log } = platform;
  try {
    const modules = await composeModules(platform);
    if (config.seedOnEmpty) {
      const seeded = await modules.catalog.api.seedDemo();
      if (seeded.seeded) {
        log.info({ events: seeded.events }, 'sample data seeded (SEED=false turns this off)');
        // Demo passwords go to the terminal only, never into the structured logs.
        for (const c of seeded.credentials) {
          console.log(`Demo ${c.role}: ${c.email} / ${c.password}`);
        }
      }
    }
    const app = await buildApp(platform, { modules });
    await app.ready();
    // The API process sends jobs in every mode; it runs them only when RUN_WORKERS is on.
    if (config.runWorkers) await platform.startWorkers();
    else await platform.jobs.start();
    await app.listen({ port: config.port, host: config.host });
    // Listening: from here a signal stops the server gracefully, warm-up included.
    let stopping = false;
    onShutdownSignal(log, config.shutdownTimeoutMs, async () => {
      stopping = true;
      await app.close();
      await platform.close();
    });
    // Live at once; ready (for load balancers) once warm: see warm-up.ts.
    platform.notReady.add('warming up');
    const warmedUp = await warmUp(
      app,
      config.warmUpRequests,
      await modules.identity.api.tokenOfNoSession(),
    ).catch((error: unknown) => {
      if (stopping) return undefined; // cut short by the shutdown, which owns the exit
      throw error;
    });
    if (!warmedUp || stopping) return;
    platform.notReady.delete('warming up');
    log.info(
      {
        url: config.publicBaseUrl,
        // Advertised only when served (API_DOCS; off by default in production).
        docs: docsUrl(config),
        database: platform.embedded
          ? `embedded PostgreSQL under ${config.dataDir}`
          : 'DATABASE_URL',
        workers: config.runWorkers,
        startupMs: Math.round(performance.now() - startedAt),
        warmUpMs: warmedUp.ms,
      },
      'Marquee is ready',
    );
  } catch (error) {
    await platform.close().catch(() => {});
    throw error;
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(error.message);
  else console.error('Marquee failed to start:', error);
  process.exit(1);
});
