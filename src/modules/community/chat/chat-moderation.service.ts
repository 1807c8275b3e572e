import { invalidField } from '../../../platform/http/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { userChannelKey } from '../../identity/index.js';
import { chatMessageDeleted, chatMessageNotFound, chatUserNotFound } from '../community.errors.js';
import { chatAccess, chatModeration } from './chat.access.js';
import { chatChannelKey, type ChatContext } from './chat.context.js';
import { requireText } from './chat-messages.service.js';
import { CHAT_MESSAGES, publishCommitted } from './chat.publish.js';
import * as repo from './chat.repository.js';
import type { ChatMuteView, ChatPinView } from './chat.schemas.js';
import { messageView, muteView, namesOf, pinView, viewOne } from './chat.views.js';

/**
 * Mutes a user in the event's chat (or changes their mute): they can read but
 * not post or edit until `until` (null: until unmuted; a past instant mutes
 * nobody). Only the muted user is told, on their own stream: a mute is not
 * announced to the room.
 */
export async function muteUser(
  ctx: ChatContext,
  principal: Principal | null,
  eventId: number,
  userId: string,
  input: { until?: Date | null; reason?: string },
): Promise<{ mute: ChatMuteView; created: boolean }> {
  const access = await chatModeration(ctx, principal, eventId);
  const { db } = ctx.platform.database;
  const names = await namesOf(ctx, db, [userId]);
  if (!names.has(userId)) throw chatUserNotFound();
  const { row, created } = await ctx.platform.database.transaction((tx) =>
    repo.upsertMute(tx, {
      eventId,
      userId,
      until: input.until ?? null,
      reason: input.reason ?? null,
      mutedBy: access.userId,
    }),
  );
  const mute = muteView(row, names, new Date());
  await publishCommitted(ctx, userChannelKey(userId), CHAT_MESSAGES.muted, {
    eventId,
    until: mute.until,
    active: mute.active,
  });
  return { mute, created };
}

/** Lifts a user's mute in the event's chat; lifting none changes nothing. */
export async function unmuteUser(
  ctx: ChatContext,
  principal: Principal | null,
  eventId: number,
  userId: string,
): Promise<void> {
  await chatModeration(ctx, principal, eventId);
  const removed = await ctx.platform.database.transaction((tx) =>
    repo.deleteMute(tx, eventId, userId),
  );
  if (removed)
    await publishCommitted(ctx, userChannelKey(userId), CHAT_MESSAGES.unmuted, { eventId });
}

/** The mutes that hold now, latest first, for the team and moderators. */
export async function listMutes(
  ctx: ChatContext,
  principal: Principal | null,
  eventId: number,
  page: { page: number; limit: number; offset: number },
): Promise<{ items: ChatMuteView[]; total: number }> {
  await chatModeration(ctx, principal, eventId);
  const { db } = ctx.platform.database;
  const now = new Date();
  const { rows, total } = await repo.activeMutes(db, eventId, now, page);
  const names = await namesOf(
    ctx,
    db,
    rows.map((r) => r.userId),
  );
  return { items: rows.map((r) => muteView(r, names, now)), total };
}

/**
 * Pins a message of the chat, or posts an announcement (an organizer
 * broadcast) and pins it; it replaces the earlier pin. Every subscriber gets
 * `chat.pinned` (and the announcement as `chat.message` first).
 */
export async function pinMessage(
  ctx: ChatContext,
  principal: Principal | null,
  eventId: number,
  input: { messageId?: string; text?: string },
): Promise<ChatPinView> {
  const access = await chatModeration(ctx, principal, eventId);
  if ((input.messageId === undefined) === (input.text === undefined))
    throw invalidField('body', 'give either messageId (pin a message) or text (an announcement)');
  const text = input.text === undefined ? undefined : requireText(input.text, 'body.text');
  const { pin, message, announced } = await ctx.platform.database.transaction(async (tx) => {
    let message: repo.MessageRow;
    if (text !== undefined) {
      message = await repo.insertMessage(tx, {
        eventId,
        authorId: access.userId,
        authorRole: access.role,
        kind: 'announcement',
        text,
        createdAt: new Date(),
      });
    } else {
      const found = await repo.findMessage(tx, eventId, input.messageId!, { forUpdate: true });
      if (!found) throw chatMessageNotFound();
      if (found.deletedAt) throw chatMessageDeleted();
      message = found;
    }
    const pin = await repo.setPin(tx, eventId, message.id, access.userId);
    return { pin, message, announced: text !== undefined };
  });
  const view = pinView(pin, await viewOne(ctx, ctx.platform.database.db, message));
  const key = chatChannelKey(eventId);
  if (announced) await publishCommitted(ctx, key, CHAT_MESSAGES.message, view.message);
  await publishCommitted(ctx, key, CHAT_MESSAGES.pinned, view);
  return view;
}

/** Removes the event's pin (the message itself stays); removing none changes nothing. */
export async function unpinMessage(
  ctx: ChatContext,
  principal: Principal | null,
  eventId: number,
): Promise<void> {
  await chatModeration(ctx, principal, eventId);
  const removed = await ctx.platform.database.transaction((tx) => repo.deletePin(tx, eventId));
  if (removed)
    await publishCommitted(ctx, chatChannelKey(eventId), CHAT_MESSAGES.unpinned, { eventId });
}

/** The event's pinned message, for everyone who may read the chat; null when none is pinned. */
export async function getPin(
  ctx: ChatContext,
  principal: Principal | null,
  eventId: number,
): Promise<ChatPinView | null> {
  await chatAccess(ctx, principal, eventId);
  const { db } = ctx.platform.database;
  const found = await repo.findPin(db, eventId);
  if (!found) return null;
  const names = await namesOf(ctx, db, [found.message.authorId]);
  return pinView(found.pin, messageView(found.message, names));
}
