import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { AppError } from '../http/errors.js';
import { ChannelRegistry } from './channels.js';
import { Connection } from './connection.js';
import { CLOSE, REALTIME_ERRORS, parseClientMessage, type ClientMessage } from './protocol.js';
import type {
  ChannelDefinition,
  Fanout,
  Realtime,
  RealtimeAuthenticator,
  RealtimeIdentity,
} from './realtime.types.js';
import { SocketAuth, decrement } from './socket-auth.js';
import type { RealtimeStore } from './store.js';
import { REAUTHORIZE, Subscriptions } from './subscriptions.js';
import { Wire } from './wire.js';

export interface GatewayOptions {
  maxConnectionsPerUser: number;
  maxConnectionsPerIp: number;
  messagesPerSecond: number;
  maxSubscriptions: number;
  heartbeatMs: number;
  sessionCheckMs: number;
  /** A socket whose unsent bytes stay over this for `slowConsumerMs` is dropped. */
  maxBufferedBytes: number;
  slowConsumerMs: number;
}

/**
 * The WebSocket gateway: sockets, their identity and subscriptions, the
 * protocol's commands, and delivery of channel messages. It knows no business
 * rule: modules define channels (who may subscribe, what they get first) and
 * publish to them; identity says what a token proves.
 */
export class RealtimeGateway implements Realtime {
  private readonly channels = new ChannelRegistry();
  private readonly connections = new Set<Connection>();
  private readonly perIp = new Map<string, number>();
  private readonly localSeq = new Map<string, number>();
  private readonly wire: Wire;
  private readonly subscriptions: Subscriptions;
  private readonly sockets: SocketAuth;
  private timers: NodeJS.Timeout[] = [];

  constructor(
    readonly store: RealtimeStore,
    readonly fanout: Fanout,
    private readonly options: GatewayOptions,
    private readonly log: FastifyBaseLogger,
  ) {
    this.wire = new Wire(options, log);
    this.subscriptions = new Subscriptions(
      this.channels,
      store,
      this.wire,
      options.maxSubscriptions,
      (key) => this.localSeq.get(key) ?? 0,
    );
    this.sockets = new SocketAuth(
      store,
      this.wire,
      this.subscriptions,
      this.connections,
      options.maxConnectionsPerUser,
      log,
    );
  }

  defineChannel(definition: ChannelDefinition): void {
    this.channels.define(definition);
  }

  setAuthenticator(authenticator: RealtimeAuthenticator): void {
    this.sockets.authenticator = authenticator;
  }

  get auth(): RealtimeAuthenticator | undefined {
    return this.sockets.authenticator;
  }

  channelPatterns(): string[] {
    return this.channels.patterns();
  }

  async publish(
    key: string,
    type: string,
    data: unknown,
    options: { once?: string } = {},
  ): Promise<number | null> {
    const seq = await this.store.append(key, type, data, options.once);
    if (seq !== null) await this.fanout.send({ key, seq, type, data });
    return seq;
  }

  async reauthorize(key: string): Promise<void> {
    // Not stored and numbered: it is an instruction to every instance, not a message.
    await this.fanout.send({ key, seq: 0, type: REAUTHORIZE, data: null });
  }

  publishLocal(key: string, type: string, data: unknown): void {
    const seq = (this.localSeq.get(key) ?? 0) + 1;
    this.localSeq.set(key, seq);
    this.subscriptions.deliver({ key, seq, type, data });
  }

  subscriberCount(key: string): number {
    return this.subscriptions.count(key);
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** False while this instance is started but its fan-out hears nothing from the others. */
  get isHealthy(): boolean {
    return this.timers.length === 0 || this.fanout.isReceiving;
  }

  async start(): Promise<void> {
    await this.fanout.start((message) => this.subscriptions.deliver(message));
    this.timers = [
      setInterval(() => this.heartbeat(), this.options.heartbeatMs),
      setInterval(() => void this.sockets.sweep(), this.options.sessionCheckMs),
    ];
    for (const timer of this.timers) timer.unref();
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    for (const conn of this.connections)
      this.wire.close(conn, CLOSE.goingAway, 'server shutting down');
    await this.fanout.stop();
  }

  /** Whether another socket from this address is allowed (checked before the upgrade). */
  acceptsAddress(ip: string): boolean {
    return (this.perIp.get(ip) ?? 0) < this.options.maxConnectionsPerIp;
  }

  /** Takes over an upgraded socket; `identity` when a ticket in its URL already proved it. */
  accept(ws: WebSocket, ip: string, identity: RealtimeIdentity | null): void {
    const conn = new Connection(ws, ip, this.options.messagesPerSecond);
    this.connections.add(conn);
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
    ws.on('message', (data, isBinary) => {
      conn.alive = true;
      this.receive(conn, data as Buffer, isBinary);
    });
    ws.on('pong', () => (conn.alive = true));
    ws.on('error', () => {});
    ws.on('close', () => this.forget(conn));
    if (identity) this.sockets.signIn(conn, identity, undefined);
  }

  private forget(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    conn.closing = true;
    this.subscriptions.removeAll(conn);
    this.sockets.release(conn);
    decrement(this.perIp, conn.ip);
  }

  private receive(conn: Connection, data: Buffer, isBinary: boolean): void {
    if (conn.closing) return;
    const budget = conn.take();
    if (budget === 'close')
      return this.wire.close(conn, CLOSE.rateLimited, 'message rate exceeded');
    if (budget === 'drop') return;
    if (budget === 'warn')
      return this.wire.error(
        conn,
        undefined,
        REALTIME_ERRORS.rateLimited,
        'Too many messages; slow down.',
        {
          retryAfterMs: conn.retryAfterMs(),
        },
      );
    if (isBinary)
      return this.wire.error(
        conn,
        undefined,
        REALTIME_ERRORS.badMessage,
        'Send JSON text frames, not binary ones.',
      );
    const parsed = parseClientMessage(data.toString('utf8'));
    if (!parsed.ok)
      return this.wire.error(conn, { id: parsed.id }, REALTIME_ERRORS.badMessage, parsed.reason);
    // One command at a time per socket, in the order sent: a client may send
    // `auth` and `subscribe` back to back, and the second must see the first.
    conn.queue = conn.queue.then(() =>
      this.handle(conn, parsed.message).catch((error: unknown) => {
        if (error instanceof AppError)
          return this.wire.error(conn, parsed.message, error.code, error.message, details(error));
        this.log.error({ err: error, type: parsed.message.type }, 'realtime command failed');
        this.wire.error(
          conn,
          parsed.message,
          'REALTIME.INTERNAL',
          'The command failed; try again.',
        );
      }),
    );
  }

  private async handle(conn: Connection, message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'ping':
        return this.wire.reply(conn, {
          type: 'pong',
          id: message.id,
          data: { time: new Date().toISOString() },
        });
      case 'auth':
        return this.sockets.authenticate(conn, message);
      case 'subscribe':
        return this.subscriptions.subscribe(conn, message);
      case 'unsubscribe':
        return this.subscriptions.unsubscribe(conn, message);
      case 'ack':
        return this.subscriptions.ack(conn, message);
      default:
        return this.subscriptions.command(conn, message);
    }
  }

  private heartbeat(): void {
    const now = Date.now();
    for (const conn of this.connections) {
      if (!conn.alive) {
        conn.ws.terminate();
        continue;
      }
      if (conn.overSince && now - conn.overSince >= this.options.slowConsumerMs) {
        if (conn.ws.bufferedAmount > this.options.maxBufferedBytes) {
          this.wire.dropSlow(conn);
          continue;
        }
        conn.overSince = 0;
      }
      conn.alive = false;
      conn.ws.ping();
    }
  }
}

function details(error: AppError): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  if (error.details) extra.details = error.details;
  if (error.errors?.length) extra.errors = error.errors;
  return extra;
}
