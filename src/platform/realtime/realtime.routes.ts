import websocket from '@fastify/websocket';
import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Envelope, ok, problems } from '../http/envelope.js';
import { AppError, forbidden, unauthorized } from '../http/errors.js';
import type { App } from '../http/types.js';
import type { RealtimeGateway } from './gateway.js';
import { REALTIME_ERRORS } from './protocol.js';
import type { RealtimeIdentity } from './realtime.types.js';

/** WebSocket frames over this size close the socket with 1009. */
export const MAX_MESSAGE_BYTES = 64 * 1024;
const TICKET_TTL_MS = 30_000;

declare module 'fastify' {
  interface FastifyRequest {
    realtimeIdentity?: RealtimeIdentity | null;
  }
}

const Ticket = Type.Object({
  ticket: Type.String({
    description: 'One-time; put it in the socket URL as `?ticket=` or send it in `auth`.',
  }),
  expiresAt: Type.String({ format: 'date-time' }),
  url: Type.String({ description: 'The socket URL with the ticket, relative to the API.' }),
});

/**
 * `GET /v1/ws` (the socket) and `POST /v1/realtime/tickets`. The upgrade is
 * refused, as a plain HTTP answer, for a foreign Origin, an address over its
 * connection limit, or a bad ticket.
 */
export async function realtimeRoutes(
  app: App,
  gateway: RealtimeGateway,
  allowedOrigins: { list: readonly string[]; own: string },
): Promise<void> {
  await app.register(websocket, {
    options: { maxPayload: MAX_MESSAGE_BYTES, perMessageDeflate: false, clientTracking: false },
    // A client breaking the protocol (a frame over the limit, a bad opcode) is its
    // fault, not the server's: `ws` has already sent the close code; log it quietly.
    errorHandler: (error, socket, request) => {
      const isProtocolError = (error as { code?: string }).code?.startsWith('WS_ERR_');
      if (isProtocolError) request.log.info({ err: error }, 'socket closed for a protocol error');
      else request.log.error({ err: error }, 'socket failed');
      socket.terminate();
    },
  });

  const checkUpgrade = async (request: FastifyRequest<{ Querystring: { ticket?: string } }>) => {
    const origin = request.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin, allowedOrigins))
      throw new AppError(
        REALTIME_ERRORS.originForbidden,
        403,
        `Origin ${origin} may not open sockets here.`,
      );
    if (!gateway.acceptsAddress(request.ip))
      throw new AppError(
        REALTIME_ERRORS.tooManyConnections,
        429,
        'Too many sockets from this address.',
      );
    request.realtimeIdentity = null;
    const ticket = request.query.ticket;
    if (ticket !== undefined) {
      const redeemed = await gateway.store.redeemTicket(ticket);
      const identity = redeemed
        ? await gateway.auth?.authenticateSession(redeemed.sessionId)
        : null;
      if (!identity || identity.principal.userId !== redeemed?.userId)
        throw new AppError(
          REALTIME_ERRORS.ticketInvalid,
          401,
          'The ticket is invalid, used or expired.',
        );
      request.realtimeIdentity = identity;
    }
  };

  app.route<{ Querystring: { ticket?: string } }>({
    method: 'GET',
    url: '/v1/ws',
    schema: {
      tags: ['realtime'],
      summary: 'The WebSocket (protocol: /asyncapi.json)',
      description:
        'Upgrades to a WebSocket. Authenticate with `{"type":"auth","data":{"token":"<access token>"}}` as the first message, or with a one-time ticket in `?ticket=`. Plain HTTP requests get 426.',
      querystring: Type.Object({ ticket: Type.Optional(Type.String({ maxLength: 100 })) }),
      response: {
        101: Type.Null({ description: 'Switching Protocols: the socket is open.' }),
        ...problems(401, 403, 426, 429),
      },
    },
    preValidation: checkUpgrade,
    handler: async (_request: FastifyRequest, reply: FastifyReply) => {
      reply.header('upgrade', 'websocket');
      throw new AppError(
        'REALTIME.UPGRADE_REQUIRED',
        426,
        'This URL speaks WebSocket: send an upgrade request.',
      );
    },
    wsHandler: (socket, request) => {
      gateway.accept(socket, request.ip, request.realtimeIdentity ?? null);
    },
  });

  app.post(
    '/v1/realtime/tickets',
    {
      schema: {
        tags: ['realtime'],
        summary: 'A one-time socket ticket (valid 30 s)',
        description:
          'For clients that cannot send a token in the first message without it showing in a URL log: the ticket is used once and lasts 30 seconds. Needs a signed-in session (API tokens cannot open sockets).',
        security: [{ bearerAuth: [] }],
        response: { 201: Envelope(Ticket), ...problems(401, 403) },
      },
    },
    async (request, reply) => {
      const principal = request.principal;
      if (!principal) throw unauthorized();
      if (!principal.sessionId)
        throw forbidden('API tokens cannot open sockets; use a signed-in session.');
      const { ticket, expiresAt } = await gateway.store.issueTicket(
        principal.userId,
        principal.sessionId,
        TICKET_TTL_MS,
      );
      reply.code(201).header('cache-control', 'no-store');
      return ok({ ticket, expiresAt: expiresAt.toISOString(), url: `/v1/ws?ticket=${ticket}` });
    },
  );
}

function isAllowedOrigin(
  origin: string,
  allowed: { list: readonly string[]; own: string },
): boolean {
  if (allowed.list.includes('*') || allowed.list.includes(origin)) return true;
  return origin === allowed.own;
}
