import { badRequest } from '../../../platform/http/errors.js';
import { chatAccess } from './chat.access.js';
import type { ChatContext } from './chat.context.js';
import { postMessage } from './chat-messages.service.js';

/** The largest serial id: a channel parameter past it names no event. */
const MAX_ROW_ID = 2_147_483_647;

/** The event id of a channel's `{id}`, or null when it cannot be one. */
function eventIdOf(param: string | undefined): number | null {
  if (!param || !/^[1-9][0-9]{0,9}$/.test(param)) return null;
  const id = Number(param);
  return id <= MAX_ROW_ID ? id : null;
}

/**
 * `event:{id}:chat`, a stream channel: whoever may read the chat may
 * subscribe (refusals carry community's codes), and `chat.send` posts through
 * the same use case as the REST route. Everything else on it is published by
 * the use cases after commit.
 */
export function defineChatChannel(ctx: ChatContext): void {
  ctx.platform.realtime.defineChannel({
    pattern: 'event:{id}:chat',
    kind: 'stream',
    authorize: async (principal, params) => {
      const eventId = eventIdOf(params.id);
      if (eventId === null) return false;
      await chatAccess(ctx, principal, eventId);
      return true;
    },
    commands: {
      'chat.send': async (principal, params, data) => {
        // The subscription this command needs was authorized, so its id is an event's.
        const eventId = eventIdOf(params.id)!;
        if (typeof data !== 'object' || data === null || Array.isArray(data))
          throw badRequest('"data" must be an object with the message\'s "text".', [
            { field: 'data', message: 'must be an object' },
          ]);
        return postMessage(ctx, principal, eventId, (data as { text?: unknown }).text, 'data.text');
      },
    },
  });
}
