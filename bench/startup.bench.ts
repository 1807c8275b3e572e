import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../src/platform/db/embedded.js';

/** Spawns `npm start` and resolves with the ms until /v1/health/live first answers 200. */
async function timeToHealthy(dataDir: string): Promise<number> {
  const port = await findFreePort();
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_PRETTY: 'false' },
    stdio: 'ignore',
    detached: true,
  });
  let exited = false;
  child.on('exit', () => (exited = true));
  try {
    // Polling is the measurement here: every 20 ms until the first 200.
    for (;;) {
      if (exited) throw new Error('npm start exited before it was healthy');
      const ok = await fetch(`http://127.0.0.1:${port}/v1/health/live`).then(
        (res) => res.ok,
        () => false,
      );
      if (ok) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  } finally {
    // npm runs the server in a child: signal the whole process group, then wait.
    const done = new Promise((resolve) => child.on('exit', resolve));
    if (!exited) process.kill(-child.pid!, 'SIGTERM');
    await done;
  }
}

/** Start-up to first healthy response: first run initialises DATA_DIR, the second reuses it. */
export default async function startupBench(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'marquee-startup-'));
  try {
    const first = await timeToHealthy(dataDir);
    const second = await timeToHealthy(dataDir);
    console.log('\nstart-up to first healthy response (npm start, embedded PostgreSQL)');
    console.log(`  fresh DATA_DIR     ${(first / 1000).toFixed(2)} s`);
    console.log(`  existing DATA_DIR  ${(second / 1000).toFixed(2)} s   (target < 3 s)`);
  } finally {
    // PostgreSQL, signalled with the group, may still be writing its last files.
    await fs.rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
}
