/**
 * The socket protocol's words: one JSON shape `{type, channel?, id?, data}` in
 * both directions, the close codes, and the parsing of client frames. Pure
 * functions; the AsyncAPI document (`/asyncapi.json`) describes the same.
 */

/** Close codes a client may see (1000-1011 are the standard ones). */
export const CLOSE = {
  normal: 1000,
  /** The server is shutting down; reconnect elsewhere. */
  goingAway: 1001,
  /** A frame over the 64 KiB limit (sent by `ws` itself). */
  tooBig: 1009,
  /** The access token or ticket was refused; the client must sign in again. */
  unauthenticated: 4001,
  /** The session behind the socket ended (signed out, revoked, user deleted or disabled). */
  sessionEnded: 4003,
  /** The client did not read what it was sent, and its buffer passed the bound. */
  slowConsumer: 4008,
  /** The user has too many sockets open. */
  tooManyConnections: 4009,
  /** The client kept sending after it was told it was over the message rate. */
  rateLimited: 4029,
} as const;

/** Error codes carried in `error` messages (and as REST problem codes where they apply). */
export const REALTIME_ERRORS = {
  badMessage: 'REALTIME.BAD_MESSAGE',
  unknownCommand: 'REALTIME.UNKNOWN_COMMAND',
  unknownChannel: 'REALTIME.UNKNOWN_CHANNEL',
  forbidden: 'REALTIME.FORBIDDEN',
  signInRequired: 'REALTIME.SIGN_IN_REQUIRED',
  notSubscribed: 'REALTIME.NOT_SUBSCRIBED',
  tooManySubscriptions: 'REALTIME.TOO_MANY_SUBSCRIPTIONS',
  rateLimited: 'REALTIME.RATE_LIMITED',
  originForbidden: 'REALTIME.ORIGIN_FORBIDDEN',
  tooManyConnections: 'REALTIME.TOO_MANY_CONNECTIONS',
  ticketInvalid: 'REALTIME.TICKET_INVALID',
  otherUser: 'REALTIME.OTHER_USER',
} as const;

/** A client frame after parsing: what every command has. */
export interface ClientMessage {
  type: string;
  channel?: string;
  id?: string | number;
  data?: unknown;
}

/** The client's commands the gateway itself handles; others go to the channel's owner. */
export const GATEWAY_COMMANDS = new Set(['auth', 'subscribe', 'unsubscribe', 'ping', 'ack']);

const TYPE = /^[a-z][a-z0-9_.-]{0,63}$/;
const CHANNEL = /^[A-Za-z0-9_:-]{1,200}$/;

/** Parses one text frame, or says in words what is wrong with it. */
export function parseClientMessage(
  text: string,
): { ok: true; message: ClientMessage } | { ok: false; reason: string; id?: string | number } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'The message is not JSON.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, reason: 'The message must be a JSON object.' };
  const { type, channel, id, data } = value as Record<string, unknown>;
  const sane =
    (typeof id === 'string' && id.length <= 64) ||
    (typeof id === 'number' && Number.isSafeInteger(id));
  const safeId = sane ? (id as string | number) : undefined;
  if (id !== undefined && !sane)
    return { ok: false, reason: '"id" must be a string of up to 64 characters or an integer.' };
  if (typeof type !== 'string' || !TYPE.test(type))
    return { ok: false, reason: '"type" must be a command name such as "subscribe".', id: safeId };
  if (channel !== undefined && (typeof channel !== 'string' || !CHANNEL.test(channel)))
    return {
      ok: false,
      reason: '"channel" must be a channel name such as "event:42:availability".',
      id: safeId,
    };
  return { ok: true, message: { type, channel, id: safeId, data } };
}

/** A channel pattern compiled: `event:{id}:chat` matches `event:42:chat` with `{ id: '42' }`. */
export interface ChannelMatcher {
  pattern: string;
  match(name: string): Record<string, string> | null;
}

export function compilePattern(pattern: string): ChannelMatcher {
  const names: string[] = [];
  const source = pattern
    .split(/(\{[a-zA-Z]+\})/)
    .map((part) => {
      const param = /^\{([a-zA-Z]+)\}$/.exec(part);
      if (!param) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1]!);
      return '([A-Za-z0-9_-]{1,64})';
    })
    .join('');
  const regex = new RegExp(`^${source}$`);
  return {
    pattern,
    match(name) {
      const found = regex.exec(name);
      if (!found) return null;
      return Object.fromEntries(names.map((n, i) => [n, found[i + 1]!]));
    },
  };
}

/** The fields of a `since` resume: a non-negative integer sequence number. */
export function readSince(data: unknown): number | undefined | 'bad' {
  if (data === undefined || data === null || typeof data !== 'object') return undefined;
  const since = (data as { since?: unknown }).since;
  if (since === undefined) return undefined;
  return typeof since === 'number' && Number.isSafeInteger(since) && since >= 0 ? since : 'bad';
}
