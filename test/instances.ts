import { buildApp, composeModules } from '../src/app.js';
import { testConfig } from './app.js';
import type { App } from '../src/platform/http/types.js';
import { createPlatform, type Platform } from '../src/platform/platform.js';
import { RealtimeGateway } from '../src/platform/realtime/gateway.js';
import type { Fanout, FanoutMessage } from '../src/platform/realtime/realtime.types.js';
import { openSocket, type TestSocket } from './sockets.js';

/**
 * One more API instance on an existing test database, as a second process of
 * a deployment would be: its own platform (pool, gateway, fan-out), modules
 * and HTTP server on its own port, sharing the database and DATA_DIR (so the
 * same signing keys). The database is already migrated.
 */
export interface Instance {
  app: App;
  platform: Platform;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  close(): Promise<void>;
}

export interface InstanceOptions {
  /** Replaces the fan-out the configuration chose (controls that break it on purpose). */
  fanout?: Fanout;
}

export async function startInstance(
  databaseUrl: string,
  dataDir: string,
  env: Record<string, string> = {},
  options: InstanceOptions = {},
): Promise<Instance> {
  const config = testConfig(databaseUrl, dataDir, env);
  const platform = await createPlatform(config, { migrate: false });
  if (options.fanout) {
    // Before the modules exist, so that their channels land on this gateway.
    platform.realtime = new RealtimeGateway(
      platform.realtime.store,
      options.fanout,
      config.realtime,
      platform.log,
    );
  }
  const modules = await composeModules(platform);
  const app = await buildApp(platform, { modules });
  await app.ready();
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    platform,
    baseUrl,
    async close() {
      await app.close();
      await platform.close();
    },
  };
}

/**
 * The broken fan-out of the controls: it hands each message to its own
 * instance only, as a gateway that forgot the other instances would.
 */
export class LocalOnlyFanout implements Fanout {
  readonly name = 'postgres' as const;
  readonly isReceiving = true;
  private deliver?: (message: FanoutMessage) => void;

  async start(deliver: (message: FanoutMessage) => void): Promise<void> {
    this.deliver = deliver;
  }

  async send(message: FanoutMessage): Promise<void> {
    this.deliver?.(message);
  }

  async stop(): Promise<void> {
    this.deliver = undefined;
  }
}

/**
 * Opens sockets and remembers them, so that a file's cleanup closes what a
 * failed test left open: the gateway does not close upgraded sockets before
 * the HTTP server waits for its connections, so an open one holds `app.close()`.
 */
export function socketTracker() {
  const sockets = new Set<TestSocket>();
  return {
    async open(baseUrl: string): Promise<TestSocket> {
      const socket = await openSocket(baseUrl);
      sockets.add(socket);
      return socket;
    },
    async closeAll(): Promise<void> {
      for (const socket of sockets) socket.close();
      await Promise.all([...sockets].map((socket) => socket.closed));
      sockets.clear();
    },
  };
}
