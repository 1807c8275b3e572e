import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/**
 * A real `redis-server` for the tests that cover the Redis fan-out: one child
 * process per test file on a free loopback port, nothing persisted. When the
 * binary is missing those tests are skipped, saying so (`redisSkipReason`).
 */

const BINARY = 'redis-server';

export const hasRedisServer = spawnSync(BINARY, ['--version'], { stdio: 'ignore' }).status === 0;

/** Printed when the Redis tests are skipped, so that a green run does not hide it. */
export const redisSkipReason = hasRedisServer
  ? undefined
  : `${BINARY} is not installed: the Redis fan-out tests are skipped. ` +
    'Install redis-server to run them (Debian: apt-get install -y redis-server).';

if (redisSkipReason) console.warn(redisSkipReason);

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops the server (SIGTERM) and waits until it exited. */
  stop(): Promise<void>;
  /** Starts a fresh server (nothing kept) on the same port, after `stop`. */
  start(): Promise<void>;
}

/** Starts a redis-server on a free port and resolves once it answers PING. */
export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child = await launch(port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      await terminate(child);
    },
    async start() {
      await terminate(child);
      child = await launch(port);
    },
  };
}

async function launch(port: number): Promise<ChildProcess> {
  const child = spawn(
    BINARY,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (output.includes('Ready to accept connections')) {
        child.stdout!.off('data', onData);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`${BINARY} exited (${code}) before it was ready:\n${output}`)),
    );
  });
  // Drain its output from now on: a full pipe would block the server.
  child.stdout!.resume();
  await ping(port);
  return child;
}

/** Sends PING over a raw connection and expects PONG. */
function ping(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    let reply = '';
    socket.once('error', reject);
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (!reply.includes('\r\n')) return;
      socket.destroy();
      if (reply.startsWith('+PONG')) resolve();
      else reject(new Error(`redis-server answered PING with ${JSON.stringify(reply)}`));
    });
    socket.write('PING\r\n');
  });
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** A port nothing listens on right now (the kernel's choice for port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
