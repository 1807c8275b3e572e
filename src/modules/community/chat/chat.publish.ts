import type { ChatContext } from './chat.context.js';

/** The message types chat sends on `event:{id}:chat` (and `chat.muted` on the muted user's own stream). */
export const CHAT_MESSAGES = {
  message: 'chat.message',
  edited: 'chat.edited',
  deleted: 'chat.deleted',
  pinned: 'chat.pinned',
  unpinned: 'chat.unpinned',
  muted: 'chat.muted',
  unmuted: 'chat.unmuted',
} as const;

export type ChatMessageType = (typeof CHAT_MESSAGES)[keyof typeof CHAT_MESSAGES];

/**
 * Publishes a change that has committed. A failure is logged, never thrown:
 * the change stands, and clients that missed it resync from the history.
 */
export async function publishCommitted(
  ctx: ChatContext,
  key: string,
  type: ChatMessageType,
  data: unknown,
): Promise<void> {
  try {
    await ctx.platform.realtime.publish(key, type, data);
  } catch (error) {
    ctx.platform.log.warn({ err: error, key, type }, 'chat change not published');
  }
}
