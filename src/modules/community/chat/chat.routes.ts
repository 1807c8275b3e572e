import { Type } from 'typebox';
import { Envelope, ok, problems } from '../../../platform/http/envelope.js';
import { assertIfMatch, etagOf } from '../../../platform/http/etag.js';
import type { App } from '../../../platform/http/types.js';
import type { ChatContext } from './chat.context.js';
import { deleteMessage, editMessage, listMessages, postMessage } from './chat-messages.service.js';
import {
  ChatHistory,
  ChatHistoryQuery,
  ChatMessage,
  ChatMessageParams,
  ChatParams,
  ChatTextBody,
  type ChatMessageView,
} from './chat.schemas.js';

const ACCESS =
  "Ticket holders of the event (a valid ticket), the organizer's team (staff and up, admins) and moderators; others get 403 `COMMUNITY.CHAT_FORBIDDEN`.";

/** A message's ETag: its views carry the instants `messageVersion` names, as ISO strings. */
const messageEtag = (m: ChatMessageView) => etagOf(m.id, m.deletedAt ?? m.editedAt ?? m.createdAt);

/** An event's chat messages under /v1/events/:id/chat/messages. */
export function chatMessageRoutes(app: App, ctx: ChatContext): void {
  app.get(
    '/v1/events/:id/chat/messages',
    {
      config: { auth: true },
      schema: {
        summary: "An event's chat history, newest first",
        description: `${ACCESS} Cursor pagination: pass \`meta.nextCursor\` as \`before\` for older messages (null at the first message). Deleted messages stay in place as tombstones: \`text\` null, \`deletedAt\` and \`deletedBy\` set. Text is plain: never render it as HTML.`,
        tags: ['chat'],
        params: ChatParams,
        querystring: ChatHistoryQuery,
        response: { 200: ChatHistory, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { items, limit, nextCursor } = await listMessages(
        ctx,
        request.principal,
        request.params.id,
        request.query,
      );
      return { success: true as const, data: items, meta: { limit, nextCursor } };
    },
  );

  app.post(
    '/v1/events/:id/chat/messages',
    {
      config: { auth: true },
      schema: {
        summary: "Post to an event's chat",
        description: `${ACCESS} The same as the socket's \`chat.send\`. A muted user gets 403 \`COMMUNITY.CHAT_MUTED\`; past the per-user posting limit, 429 \`COMMUNITY.CHAT_RATE_LIMITED\` with Retry-After. Subscribers of \`event:{id}:chat\` receive it as \`chat.message\`.`,
        tags: ['chat'],
        params: ChatParams,
        body: ChatTextBody,
        response: { 201: Envelope(ChatMessage), ...problems(400, 401, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const message = await postMessage(
        ctx,
        request.principal,
        request.params.id,
        request.body.text,
      );
      reply.code(201).header('etag', messageEtag(message));
      return ok(message);
    },
  );

  app.patch(
    '/v1/events/:id/chat/messages/:messageId',
    {
      config: { auth: true },
      schema: {
        summary: 'Edit my chat message',
        description:
          'Its author only, within the edit window (`CHAT_EDIT_WINDOW_SECONDS`, 403 `COMMUNITY.CHAT_EDIT_WINDOW_PASSED` after), not while muted; `If-Match` answers 412 when stale. Subscribers receive `chat.edited`.',
        tags: ['chat'],
        params: ChatMessageParams,
        body: ChatTextBody,
        response: { 200: Envelope(ChatMessage), ...problems(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const { id, messageId } = request.params;
      const message = await editMessage(
        ctx,
        request.principal,
        id,
        messageId,
        request.body.text,
        (version) => assertIfMatch(request, etagOf(messageId, version)),
      );
      reply.header('etag', messageEtag(message));
      return ok(message);
    },
  );

  app.delete(
    '/v1/events/:id/chat/messages/:messageId',
    {
      config: { auth: true },
      schema: {
        summary: 'Delete a chat message (leaves a tombstone)',
        description:
          "Its author within the edit window; the organizer's team and moderators at any time. Deleting a deleted message answers 204 again. A pinned message is unpinned. Subscribers receive `chat.deleted` (the tombstone).",
        tags: ['chat'],
        params: ChatMessageParams,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const { id, messageId } = request.params;
      await deleteMessage(ctx, request.principal, id, messageId, (version) =>
        assertIfMatch(request, etagOf(messageId, version)),
      );
      return reply.code(204).send(null);
    },
  );
}
