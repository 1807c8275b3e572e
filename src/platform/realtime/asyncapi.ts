import type { Config } from '../../config.js';
import type { App } from '../http/types.js';
import {
  CHANNEL_DOCS,
  int,
  obj,
  str,
  type ChannelDoc,
  type JsonSchema,
} from './asyncapi-channels.js';
import { CLOSE, REALTIME_ERRORS } from './protocol.js';
import { MAX_MESSAGE_BYTES } from './realtime.routes.js';

/**
 * The AsyncAPI 3.0.0 document of the socket protocol at `/v1/ws`, served at
 * `/asyncapi.json`. Operations are Marquee's: it `receive`s the client's
 * commands and `send`s channel messages and replies. One socket carries every
 * channel: `gateway` holds the commands and replies not tied to a channel's
 * content, and each channel pattern its own messages.
 */

type RealtimeLimits = Config['realtime'];

const CLOSE_MEANINGS: Record<keyof typeof CLOSE, string> = {
  normal: 'Normal closure.',
  goingAway: 'The server is shutting down: reconnect (another instance will answer) and resume.',
  tooBig: `A frame over ${MAX_MESSAGE_BYTES} bytes.`,
  unauthenticated:
    'The access token or ticket was refused, or the socket tried to change user: sign in again.',
  sessionEnded:
    'The session behind the socket ended (signed out, revoked, user deleted or disabled).',
  slowConsumer: 'The client did not read what it was sent and its buffer stayed over the bound.',
  tooManyConnections: 'The user already holds the most sockets allowed.',
  rateLimited: 'The client kept sending after it was told it was over the message rate.',
};

const ref = (path: string) => ({ $ref: `#/${path}` });
const requestId = {
  oneOf: [{ type: 'string', maxLength: 64 }, { type: 'integer' }],
  description: 'Any id of yours; the reply carries it back.',
};
const channelName = str('A channel name, such as `event:42:availability`.', {
  pattern: '^[A-Za-z0-9_:-]{1,200}$',
});

/** A client frame: `{type, channel?, id?, data?}`. */
function command(type: string, summary: string, data?: JsonSchema, needsChannel = false) {
  const properties: Record<string, JsonSchema> = {
    type: { const: type },
    ...(needsChannel ? { channel: channelName } : {}),
    id: requestId,
    ...(data ? { data } : {}),
  };
  return message(type, summary, obj(properties, needsChannel ? ['type', 'channel'] : ['type']));
}

/** A server reply to a command, carrying the command's `id` back. */
function reply(type: string, summary: string, data: JsonSchema, hasChannel = false) {
  const properties: Record<string, JsonSchema> = {
    type: { const: type },
    id: requestId,
    ...(hasChannel ? { channel: channelName } : {}),
    data,
  };
  return message(type, summary, obj(properties, ['type', 'data']));
}

/** A channel message: `{type, channel, seq, data}`, `channel` as the client named it. */
function channelMessage(type: string, summary: string, data: JsonSchema) {
  return message(
    type,
    summary,
    obj({
      type: { const: type },
      channel: channelName,
      seq: int('Increases by one per message of the channel.', { minimum: 0 }),
      data,
    }),
  );
}

function message(type: string, summary: string, payload: JsonSchema) {
  return { name: type, title: type, summary, contentType: 'application/json', payload };
}

function gatewayMessages(limits: RealtimeLimits) {
  const errorCodes = [...Object.values(REALTIME_ERRORS), 'REALTIME.INTERNAL'];
  return {
    auth: command(
      'auth',
      'Signs the socket in: an access token, or a one-time ticket. Send it again with a fresh token before the old one expires to keep the socket.',
      {
        oneOf: [
          obj({ token: str('An access token (as for `Authorization: Bearer`).') }),
          obj({ ticket: str('A ticket from `POST /v1/realtime/tickets`.') }),
        ],
      },
    ),
    subscribe: command(
      'subscribe',
      `Subscribes to a channel (at most ${limits.maxSubscriptions} per socket). With \`since\`, the last seq you saw on it, you get what you missed, or \`resync\`.`,
      obj({ since: int('The last seq you received on this channel.', { minimum: 0 }) }, []),
      true,
    ),
    unsubscribe: command('unsubscribe', 'Ends a subscription.', undefined, true),
    ping: command('ping', 'Asks for a `pong` (the server also pings every socket itself).'),
    ack: command(
      'ack',
      "Confirms a channel's message was received, for channels that act on it.",
      obj({ seq: int('The seq received.', { minimum: 0 }) }),
      true,
    ),
    authenticated: reply(
      'authenticated',
      'The socket is signed in until `expiresAt`; it is checked again then.',
      obj({
        userId: str('The user.', { format: 'uuid' }),
        expiresAt: str('When the access token expires.', { format: 'date-time' }),
      }),
    ),
    subscribed: reply(
      'subscribed',
      "Subscribed. `seq` is the channel's current number; a replay, a snapshot or a `resync` follows when there is one.",
      obj({ seq: int('The current seq of the channel.', { minimum: 0 }) }),
      true,
    ),
    unsubscribed: reply(
      'unsubscribed',
      'The subscription ended: on request, or (with `reason`) because the socket may no longer read the channel.',
      obj({ reason: str('Why the server ended it.', { examples: ['REALTIME.FORBIDDEN'] }) }, []),
      true,
    ),
    pong: reply('pong', 'The answer to `ping`.', obj({ time: str('Server time.') })),
    ok: reply(
      'ok',
      "A channel command (such as `chat.send`) succeeded; `data` is the command's result.",
      { type: 'object' },
      true,
    ),
    error: reply(
      'error',
      'A command was refused; `id` and `channel` are those of the command when it had them.',
      obj(
        {
          code: str('A stable code: the gateway\u2019s, or the channel owner\u2019s.', {
            examples: errorCodes,
          }),
          message: str('What is wrong, in words.'),
          retryAfterMs: int('With REALTIME.RATE_LIMITED: when to send again.'),
          details: { type: 'object' },
          errors: { type: 'array', items: { type: 'object' } },
        },
        ['code', 'message'],
      ),
      true,
    ),
  };
}

const resync = channelMessage(
  'resync',
  'Some of what you missed is no longer kept (or `since` is ahead of the channel): refetch the state over REST, then carry on from `seq`.',
  obj({
    since: int('The `since` you sent.', { minimum: 0 }),
    current: int('The current seq of the channel.', { minimum: 0 }),
  }),
);

function channelEntry(doc: ChannelDoc) {
  const messages: Record<string, unknown> = {};
  for (const m of doc.messages) messages[m.type] = channelMessage(m.type, m.summary, m.data);
  if (doc.kind === 'stream') messages.resync = resync;
  for (const c of doc.commands ?? []) messages[c.type] = command(c.type, c.summary, c.data, true);
  const kind =
    doc.kind === 'stream'
      ? 'Stream: every message is numbered and kept for a while; `subscribe` with `since` replays what you missed.'
      : 'State: every message is the whole current state; a subscription starts with it, and `seq` counts per API instance.';
  return {
    address: doc.pattern,
    title: doc.pattern,
    description: `${doc.description}\n\n${kind} ${doc.isPublic ? 'Anonymous sockets may subscribe.' : 'Needs a signed-in socket.'} Owned by ${doc.owner}.`,
    ...(Object.keys(doc.parameters).length
      ? {
          parameters: Object.fromEntries(
            Object.entries(doc.parameters).map(([name, description]) => [name, { description }]),
          ),
        }
      : {}),
    messages,
    'x-kind': doc.kind,
    'x-public': doc.isPublic,
  };
}

/** The documented channels among `patterns` (what the running app defined). */
export function documentedChannels(patterns: readonly string[]): ChannelDoc[] {
  return CHANNEL_DOCS.filter((doc) => patterns.includes(doc.pattern));
}

/** The patterns among `patterns` that no entry documents: a test keeps this empty. */
export function undocumentedPatterns(patterns: readonly string[]): string[] {
  return patterns.filter((p) => !CHANNEL_DOCS.some((doc) => doc.pattern === p));
}

function channelOperations(doc: ChannelDoc) {
  const operations: Record<string, unknown> = {
    [`send.${doc.id}`]: {
      action: 'send',
      channel: ref(`channels/${doc.id}`),
      summary: `Messages of ${doc.pattern}`,
      messages: [
        ...doc.messages.map((m) => ref(`channels/${doc.id}/messages/${m.type}`)),
        ...(doc.kind === 'stream' ? [ref(`channels/${doc.id}/messages/resync`)] : []),
      ],
    },
  };
  for (const c of doc.commands ?? [])
    operations[`receive.${doc.id}.${c.type}`] = {
      action: 'receive',
      channel: ref(`channels/${doc.id}`),
      summary: c.summary,
      messages: [ref(`channels/${doc.id}/messages/${c.type}`)],
      reply: {
        channel: ref('channels/gateway'),
        messages: [ref('channels/gateway/messages/ok'), ref('channels/gateway/messages/error')],
      },
    };
  return operations;
}

function gatewayOperations() {
  const receive = (type: string, replies: string[]) => ({
    action: 'receive',
    channel: ref('channels/gateway'),
    messages: [ref(`channels/gateway/messages/${type}`)],
    reply: {
      channel: ref('channels/gateway'),
      messages: replies.map((r) => ref(`channels/gateway/messages/${r}`)),
    },
  });
  return {
    'receive.auth': receive('auth', ['authenticated', 'error']),
    'receive.subscribe': receive('subscribe', ['subscribed', 'error']),
    'receive.unsubscribe': receive('unsubscribe', ['unsubscribed', 'error']),
    'receive.ping': receive('ping', ['pong']),
    'receive.ack': {
      action: 'receive',
      channel: ref('channels/gateway'),
      messages: [ref('channels/gateway/messages/ack')],
    },
    'send.unsolicited': {
      action: 'send',
      channel: ref('channels/gateway'),
      summary: 'Sent without a command: rate warnings, lost subscriptions.',
      messages: [
        ref('channels/gateway/messages/error'),
        ref('channels/gateway/messages/unsubscribed'),
      ],
    },
  };
}

function limitsOf(limits: RealtimeLimits) {
  return {
    maxFrameBytes: MAX_MESSAGE_BYTES,
    messagesPerSecond: limits.messagesPerSecond,
    burst: limits.messagesPerSecond * 2,
    maxSubscriptionsPerSocket: limits.maxSubscriptions,
    maxConnectionsPerUser: limits.maxConnectionsPerUser,
    maxConnectionsPerIp: limits.maxConnectionsPerIp,
    heartbeatMs: limits.heartbeatMs,
    sessionCheckMs: limits.sessionCheckMs,
    maxBufferedBytes: limits.maxBufferedBytes,
    slowConsumerMs: limits.slowConsumerMs,
    replayLimit: limits.replayLimit,
    ticketTtlSeconds: 30,
  };
}

function describeProtocol(limits: RealtimeLimits): string {
  const closes = (Object.keys(CLOSE) as Array<keyof typeof CLOSE>)
    .map((name) => `| ${CLOSE[name]} | ${CLOSE_MEANINGS[name]} |`)
    .join('\n');
  return `One WebSocket at \`/v1/ws\` carries every channel. Every frame is a JSON text frame \`{type, channel?, id?, data}\` in both directions; a command with an \`id\` gets its reply with the same \`id\`. Channel messages are \`{type, channel, seq, data}\`, \`seq\` increasing by one per channel.

**Signing in.** Send \`{"type":"auth","data":{"token":"<access token>"}}\` first, or open the socket with a one-time ticket (\`POST /v1/realtime/tickets\`, valid 30 s) as \`/v1/ws?ticket=...\`, so that no long-lived token shows in a URL. Anonymous sockets may subscribe to public channels only. The socket is closed (4003) when its session ends, and checked again when its access token expires unless \`auth\` sent a fresh one. Browsers must come from the API's own origin or one in CORS_ORIGINS; native apps send no Origin.

**Resuming.** After a reconnect, \`subscribe\` with \`data.since\` (the last \`seq\` you saw): you get what you missed (the last ${limits.replayLimit} messages of a channel are kept), or \`resync\` when that is no longer possible. State channels send their current state instead.

**Limits.** Frames up to ${MAX_MESSAGE_BYTES} bytes (larger: close 1009). ${limits.messagesPerSecond} messages per second per socket (bursts of ${limits.messagesPerSecond * 2}): the first over gets an \`error\` with \`retryAfterMs\`, more are dropped, then close 4029. ${limits.maxSubscriptions} subscriptions per socket, ${limits.maxConnectionsPerUser} sockets per user (close 4009), ${limits.maxConnectionsPerIp} per address (HTTP 429 before the upgrade). The server pings every ${limits.heartbeatMs} ms and drops a socket that did not answer. A socket whose unsent data stays over ${limits.maxBufferedBytes} bytes for ${limits.slowConsumerMs} ms is closed (4008).

**Close codes.**

| code | meaning |
| --- | --- |
${closes}

Clients that cannot hold a socket can follow an event's availability as Server-Sent Events: \`GET /v1/events/{id}/availability/stream\`.`;
}

/** The document for the channels in `patterns` (the running app's), with this configuration's limits. */
export function buildAsyncApi(
  config: Pick<Config, 'publicBaseUrl' | 'realtime'>,
  patterns: readonly string[],
): Record<string, unknown> {
  const base = new URL(config.publicBaseUrl);
  const channels = documentedChannels(patterns);
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Marquee real-time API',
      version: '0.1.0',
      description: describeProtocol(config.realtime),
      license: { name: 'MIT' },
      externalDocs: { description: 'The HTTP API', url: `${config.publicBaseUrl}/docs` },
    },
    defaultContentType: 'application/json',
    servers: {
      api: {
        host: base.host,
        protocol: base.protocol === 'https:' ? 'wss' : 'ws',
        pathname: '/v1/ws',
        description:
          'The API itself: every instance serves sockets, and every message reaches all of them.',
        security: [ref('components/securitySchemes/ticket')],
        'x-close-codes': Object.fromEntries(
          (Object.keys(CLOSE) as Array<keyof typeof CLOSE>).map((n) => [
            CLOSE[n],
            CLOSE_MEANINGS[n],
          ]),
        ),
        'x-limits': limitsOf(config.realtime),
      },
    },
    channels: {
      gateway: {
        address: null,
        title: 'The gateway',
        description:
          'Signing in, subscriptions and their replies, pings, errors: not a channel one subscribes to.',
        messages: gatewayMessages(config.realtime),
        bindings: {
          ws: {
            bindingVersion: '0.1.0',
            method: 'GET',
            query: obj({ ticket: str('A one-time ticket (optional).', { maxLength: 100 }) }, []),
          },
        },
      },
      ...Object.fromEntries(channels.map((doc) => [doc.id, channelEntry(doc)])),
    },
    operations: {
      ...gatewayOperations(),
      ...Object.assign({}, ...channels.map(channelOperations)),
    },
    components: {
      securitySchemes: {
        ticket: {
          type: 'httpApiKey',
          name: 'ticket',
          in: 'query',
          description:
            'Optional: a one-time ticket from `POST /v1/realtime/tickets` (valid 30 s). Or sign in with the `auth` message, or stay anonymous for public channels.',
        },
      },
    },
  };
}

/** `GET /asyncapi.json`, beside `/openapi.json` and under the same switch (API_DOCS). */
export async function asyncApiRoutes(
  app: App,
  config: Config,
  patterns: () => readonly string[],
): Promise<void> {
  if (!config.apiDocs) return;
  // Channels are all defined once the modules are composed: build it on first use.
  let document: string | undefined;
  app.get('/asyncapi.json', { schema: { hide: true } }, async (_request, reply) => {
    document ??= JSON.stringify(buildAsyncApi(config, patterns()));
    return reply.type('application/json; charset=utf-8').send(document);
  });
}
