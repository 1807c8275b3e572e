import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface Service {
  child: ChildProcess;
  /** JSON log lines from stdout so far. */
  lines: Record<string, unknown>[];
  stderr(): string;
  /** Resolves with the first log line (past or future) matching `predicate`. */
  waitForLine(
    predicate: (line: Record<string, unknown>) => boolean,
  ): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
  /** The exit code, or an error carrying the last log lines when the process outlives `ms` (it is then killed). */
  exitedWithin(ms: number): Promise<number | null>;
}

/** Spawns a Marquee entry point (src/server.ts, src/worker.ts) as a real process. */
export function spawnService(entry: string, env: Record<string, string>): Service {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, LOG_PRETTY: 'false', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: Array<{
    predicate: (l: Record<string, unknown>) => boolean;
    resolve: (l: Record<string, unknown>) => void;
  }> = [];
  let stderr = '';
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    for (const part of parts) {
      if (!part.trim().startsWith('{')) continue;
      const line = JSON.parse(part) as Record<string, unknown>;
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    stderr: () => stderr,
    exited,
    exitedWithin: (ms) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(
            new Error(
              `still running ${ms} ms after the signal; last lines: ${JSON.stringify(lines.slice(-10))}; stderr: ${stderr}`,
            ),
          );
        }, ms);
        void exited.then((code) => {
          clearTimeout(timer);
          resolve(code);
        });
      }),
    waitForLine: (predicate) => {
      const found = lines.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no matching log line within 180 s; last lines: ${JSON.stringify(lines.slice(-5))}; stderr: ${stderr}`,
              ),
            ),
          180_000,
        );
        timer.unref();
        waiters.push({
          predicate,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
        });
        void exited.then((code) =>
          reject(new Error(`process exited (${code}) first; stderr: ${stderr}`)),
        );
      });
    },
  };
}

/** Whether a new TCP connection to `port` on loopback is accepted. */
export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Re-checks `condition` until it holds, at most `attempts` times `intervalMs`
 * apart. Only for states that emit no event we can await (a closed listening
 * socket seen from outside the process).
 */
export async function pollUntil(
  condition: () => Promise<boolean>,
  { attempts = 100, intervalMs = 20 } = {},
): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}
