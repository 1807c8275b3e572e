import { Type } from 'typebox';
import { Envelope, ListEnvelope, ok, page, problems } from '../../../platform/http/envelope.js';
import { PaginationQuery, pageRequest } from '../../../platform/http/pagination.js';
import type { App } from '../../../platform/http/types.js';
import type { ChatContext } from './chat.context.js';
import {
  getPin,
  listMutes,
  muteUser,
  pinMessage,
  unmuteUser,
  unpinMessage,
} from './chat-moderation.service.js';
import {
  ChatMute,
  ChatParams,
  ChatPin,
  ChatUserParams,
  MuteBody,
  PinBody,
} from './chat.schemas.js';

const MODERATORS =
  "The organizer's team (staff and up, admins) and moderators; other readers of the chat get 403 `COMMUNITY.CHAT_MODERATORS_ONLY`.";

const MuteListQuery = Type.Object({ ...PaginationQuery }, { additionalProperties: false });

/** Mutes and the pinned announcement of an event's chat. */
export function chatModerationRoutes(app: App, ctx: ChatContext): void {
  app.get(
    '/v1/events/:id/chat/mutes',
    {
      config: { auth: true },
      schema: {
        summary: "Users muted in an event's chat now",
        description: `${MODERATORS} Mutes that ran out are not listed.`,
        tags: ['chat'],
        params: ChatParams,
        querystring: MuteListQuery,
        response: { 200: ListEnvelope(ChatMute), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const paging = pageRequest(request.query);
      const { items, total } = await listMutes(ctx, request.principal, request.params.id, paging);
      return page(items, { page: paging.page, limit: paging.limit, total });
    },
  );

  app.put(
    '/v1/events/:id/chat/mutes/:userId',
    {
      config: { auth: true },
      // No body at all reads as `{}`: muted until unmuted.
      preValidation: (request, _reply, done) => {
        request.body ??= {};
        done();
      },
      schema: {
        summary: "Mute a user in an event's chat (or change their mute)",
        description: `${MODERATORS} A muted user still reads the chat; posting and editing answer 403 \`COMMUNITY.CHAT_MUTED\` until \`until\` (absent: until unmuted). The team and moderators are never muted. The muted user is told on their own \`user\` stream (\`chat.muted\`); the room is not. 201 when newly muted, 200 when a mute was replaced.`,
        tags: ['chat'],
        params: ChatUserParams,
        body: MuteBody,
        response: {
          200: Envelope(ChatMute),
          201: Envelope(ChatMute),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { id, userId } = request.params;
      const { body } = request;
      const { mute, created } = await muteUser(ctx, request.principal, id, userId, {
        until: body.until === undefined || body.until === null ? null : new Date(body.until),
        reason: body.reason,
      });
      reply.code(created ? 201 : 200);
      return ok(mute);
    },
  );

  app.delete(
    '/v1/events/:id/chat/mutes/:userId',
    {
      config: { auth: true },
      schema: {
        summary: "Unmute a user in an event's chat (idempotent)",
        description: MODERATORS,
        tags: ['chat'],
        params: ChatUserParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await unmuteUser(ctx, request.principal, request.params.id, request.params.userId);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/events/:id/chat/pin',
    {
      config: { auth: true },
      schema: {
        summary: "The pinned message of an event's chat (null when none)",
        description:
          'For everyone who may read the chat. Subscribers of `event:{id}:chat` receive `chat.pinned` and `chat.unpinned`.',
        tags: ['chat'],
        params: ChatParams,
        response: {
          200: Envelope(Type.Union([ChatPin, Type.Null()])),
          ...problems(400, 401, 403, 404),
        },
      },
    },
    async (request) => ok(await getPin(ctx, request.principal, request.params.id)),
  );

  app.put(
    '/v1/events/:id/chat/pin',
    {
      config: { auth: true },
      schema: {
        summary: 'Pin a chat message, or post an announcement and pin it',
        description: `${MODERATORS} Replaces the earlier pin. With \`text\`, the announcement is posted to the chat (\`chat.message\`, kind \`announcement\`) before \`chat.pinned\`.`,
        tags: ['chat'],
        params: ChatParams,
        body: PinBody,
        response: { 200: Envelope(ChatPin), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      ok(await pinMessage(ctx, request.principal, request.params.id, request.body)),
  );

  app.delete(
    '/v1/events/:id/chat/pin',
    {
      config: { auth: true },
      schema: {
        summary: 'Unpin (the message stays in the chat; idempotent)',
        description: MODERATORS,
        tags: ['chat'],
        params: ChatParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await unpinMessage(ctx, request.principal, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
