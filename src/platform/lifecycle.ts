import type { FastifyBaseLogger } from 'fastify';

/**
 * Runs `shutdown` once on SIGINT or SIGTERM, then exits 0; exits 1 if it fails
 * or takes longer than `timeoutMs`. A second signal forces the exit.
 */
export function onShutdownSignal(
  log: FastifyBaseLogger,
  timeoutMs: number,
  shutdown: () => Promise<void>,
): void {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight work');
    const timer = setTimeout(() => {
      log.error({ timeoutMs }, 'shutdown timed out');
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    shutdown().then(
      () => {
        log.info('stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', handle);
  process.once('SIGTERM', handle);
}
