import type { Principal } from '../http/principal.js';

/**
 * The contract between the WebSocket gateway (platform, no business rules) and
 * the modules that own the facts: identity verifies tokens, and each module
 * defines the channels it owns (who may subscribe, what a subscriber gets
 * first, which commands it accepts) and publishes to them.
 */

/** Who a socket is, and until when its access token vouches for it. */
export interface RealtimeIdentity {
  principal: Principal;
  /** When the access token expires (ms since the epoch); the socket is re-checked then. */
  expiresAtMs: number;
}

/** Identity's side of the gateway: token checks, and which sessions still hold. */
export interface RealtimeAuthenticator {
  /** The identity an access token proves, or null (bad signature, ended session). */
  authenticate(token: string): Promise<RealtimeIdentity | null>;
  /** The identity of a session a one-time ticket was issued for, if it is still active. */
  authenticateSession(sessionId: string): Promise<RealtimeIdentity | null>;
  /** Of these session ids, those still active (not revoked, user not deleted or disabled). */
  activeSessions(sessionIds: readonly string[]): Promise<Set<string>>;
}

/** The parameters a channel pattern captured: `event:{id}:chat` gives `{ id }`. */
export type ChannelParams = Readonly<Record<string, string>>;

/** What a channel sends or replays: a message type and its data. */
export interface RealtimePayload {
  type: string;
  data: unknown;
}

/** A client command sent on a channel (`chat.send`), handled by the channel's owner. */
export type ChannelCommand = (
  principal: Principal | null,
  params: ChannelParams,
  data: unknown,
) => Promise<unknown>;

export interface ChannelDefinition {
  /**
   * The channel's name pattern with `{param}` segments: `event:{id}:availability`,
   * `organizer:{id}`, `user`. Parameters match `[A-Za-z0-9_-]{1,64}`.
   */
  pattern: string;
  /**
   * `stream` (the default): every message is kept for a while, and a resume
   * replays what the client missed. `state`: every message is the whole
   * current state, nothing is kept, and a subscription or resume gets `snapshot()`.
   */
  kind?: 'stream' | 'state';
  /** Anonymous sockets may subscribe to public channels only. */
  isPublic?: boolean;
  /**
   * Whether this caller may subscribe (and send commands). Throw an AppError
   * for a precise refusal (its code goes back in the `error` message).
   */
  authorize(principal: Principal | null, params: ChannelParams): Promise<boolean>;
  /**
   * The name under which the channel is stored and published, when it differs
   * from what the client names: `user` is `user:<userId>` inside.
   */
  key?(principal: Principal | null, params: ChannelParams): string;
  /** The current state, sent first on a subscription to a `state` channel. */
  snapshot?(params: ChannelParams): Promise<RealtimePayload | null>;
  /** Client commands on this channel besides subscribe/unsubscribe. */
  commands?: Readonly<Record<string, ChannelCommand>>;
  /** The client confirmed it received message `seq` of this channel (`ack`). */
  onAck?(principal: Principal | null, key: string, seq: number, data: unknown): Promise<void>;
  /** This instance got its first subscriber of `key` (or lost its last): start or stop watching. */
  onActive?(key: string, params: ChannelParams): void;
  onIdle?(key: string, params: ChannelParams): void;
}

/** What modules see of the gateway (`platform.realtime`). */
export interface Realtime {
  /** Registers a channel; a module's manifest does this. */
  defineChannel(definition: ChannelDefinition): void;
  /** Identity registers how tokens are checked; until then every socket is anonymous. */
  setAuthenticator(authenticator: RealtimeAuthenticator): void;
  /**
   * Sends to the subscribers of a `stream` channel key on every instance, after
   * the caller's commit: the message is stored with the channel's next sequence
   * number (for resumes), then fanned out. Returns that number. With `once`,
   * a message of that name already stored for this key is not published
   * again (null): a subscriber passes its delivery's name, so a redelivered
   * event pushes once. Names are remembered as long as the message is kept.
   */
  publish(
    key: string,
    type: string,
    data: unknown,
    options?: { once?: string },
  ): Promise<number | null>;
  /**
   * Sends a `state` message to this instance's subscribers of `key` only: for
   * state every instance derives itself from the database's notifications.
   */
  publishLocal(key: string, type: string, data: unknown): void;
  /**
   * Asks every instance to authorise the subscribers of `key` again (after the
   * owner's rule changed its answer, as when a ticket is cancelled): those now
   * refused are unsubscribed and told so.
   */
  reauthorize(key: string): Promise<void>;
  /** How many sockets of this instance are subscribed to `key`. */
  subscriberCount(key: string): number;
}

/** A stored message on its way to every instance. */
export interface FanoutMessage {
  key: string;
  seq: number;
  type: string;
  data: unknown;
}

/**
 * How a published message reaches every API instance (this one included):
 * PostgreSQL LISTEN/NOTIFY by default, Redis pub/sub when REDIS_URL is set.
 * Each instance receives each message once.
 */
export interface Fanout {
  readonly name: 'postgres' | 'redis';
  /** Whether messages from other instances are arriving (the listener is connected and subscribed). */
  readonly isReceiving: boolean;
  /** Starts receiving; `deliver` gets each message once, in publication order per key. */
  start(deliver: (message: FanoutMessage) => void): Promise<void>;
  /** Sends a message that is already stored (its seq assigned) to every instance. */
  send(message: FanoutMessage): Promise<void>;
  stop(): Promise<void>;
}
