import WebSocket from 'ws';

/** A server message as the protocol defines it. */
export interface ServerMessage {
  type: string;
  channel?: string;
  id?: string | number;
  seq?: number;
  data?: Record<string, unknown> & { code?: string };
}

/**
 * A real WebSocket client for tests: every message is queued, `next` waits for
 * the first one (or the first matching a predicate) that has not been taken,
 * and `closed` resolves with the close code. No sleeps: tests wait for what
 * they expect, or for a timeout that fails them.
 */
export class TestSocket {
  readonly received: ServerMessage[] = [];
  private readonly waiters: Array<{
    match: (m: ServerMessage) => boolean;
    resolve: (m: ServerMessage) => void;
  }> = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly opened: Promise<void>;

  constructor(
    readonly ws: WebSocket,
    private readonly timeoutMs = 5_000,
  ) {
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('unexpected-response', (_req, res) =>
        reject(
          Object.assign(new Error(`upgrade refused: ${res.statusCode}`), {
            status: res.statusCode,
            res,
          }),
        ),
      );
      ws.once('error', reject);
    });
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    ws.on('error', () => {});
    ws.on('message', (raw) => {
      const message = JSON.parse(raw.toString()) as ServerMessage;
      const waiter = this.waiters.findIndex((w) => w.match(message));
      if (waiter >= 0) this.waiters.splice(waiter, 1)[0]!.resolve(message);
      else this.received.push(message);
    });
  }

  send(message: Record<string, unknown>): void {
    this.ws.send(JSON.stringify(message));
  }

  /** The next message (matching `match`), waiting up to the timeout. */
  next(
    match: (m: ServerMessage) => boolean = () => true,
    timeoutMs = this.timeoutMs,
  ): Promise<ServerMessage> {
    const queued = this.received.findIndex(match);
    if (queued >= 0) return Promise.resolve(this.received.splice(queued, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve: (m: ServerMessage) => (clearTimeout(timer), resolve(m)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          new Error(
            `no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.received)}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Sends a command with an id and waits for the answer carrying that id. */
  async request(message: Record<string, unknown>): Promise<ServerMessage> {
    const id = `r${++requests}`;
    this.send({ ...message, id });
    return this.next((m) => m.id === id);
  }

  async auth(token: string): Promise<ServerMessage> {
    return this.request({ type: 'auth', data: { token } });
  }

  async subscribe(channel: string, data?: Record<string, unknown>): Promise<ServerMessage> {
    return this.request({ type: 'subscribe', channel, ...(data ? { data } : {}) });
  }

  /** Whether the socket closes within `ms` (resolves with its code, or null). */
  async closesWithin(ms: number): Promise<number | null> {
    return Promise.race([
      this.closed.then((c) => c.code),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), ms)),
    ]);
  }

  close(): void {
    this.ws.close();
  }
}

let requests = 0;

/** Opens a socket to `baseUrl` (http://host:port) and waits until it is open. */
export async function openSocket(
  baseUrl: string,
  options: {
    path?: string;
    origin?: string;
    headers?: Record<string, string>;
    /** false: never answer pings, as a peer that died without closing. */
    autoPong?: boolean;
  } = {},
): Promise<TestSocket> {
  const url = baseUrl.replace(/^http/, 'ws') + (options.path ?? '/v1/ws');
  const ws = new WebSocket(url, {
    headers: { ...(options.origin ? { origin: options.origin } : {}), ...options.headers },
    autoPong: options.autoPong ?? true,
  });
  const socket = new TestSocket(ws);
  await socket.opened;
  return socket;
}
