import { invalidField } from '../../../platform/http/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import {
  chatEditWindowPassed,
  chatMessageDeleted,
  chatMessageNotFound,
  chatMuted,
  chatNotAuthor,
  chatRateLimited,
} from '../community.errors.js';
import { chatAccess, type ChatAccess } from './chat.access.js';
import { chatChannelKey, type ChatContext } from './chat.context.js';
import { CHAT_MESSAGES, publishCommitted } from './chat.publish.js';
import * as repo from './chat.repository.js';
import {
  chatText,
  decodeCursor,
  encodeCursor,
  isMuteActive,
  isWithinEditWindow,
  messageVersion,
  postingWait,
} from './chat.rules.js';
import type { ChatMessageView } from './chat.schemas.js';
import { messageView, namesOf, viewOne } from './chat.views.js';
import type { Tx } from '../../../platform/db/database.js';

/** Where a text came from, for the field named in a 400: `body.text` or the socket's `data.text`. */
export type TextField = 'body.text' | 'data.text';

/** The text as stored, or a 400 naming the field. */
export function requireText(raw: unknown, field: TextField): string {
  const checked = chatText(raw);
  if (!checked.ok) throw invalidField(field, checked.problem);
  return checked.text;
}

/** A user's mute stops their posts and edits; the team and moderators are never muted. */
async function refuseIfMuted(tx: Tx, access: ChatAccess, now: Date): Promise<void> {
  if (access.moderates) return;
  const mute = await repo.findMute(tx, access.eventId, access.userId);
  if (mute && isMuteActive(mute.until, now)) throw chatMuted(mute.until);
}

/**
 * Posts a message to an event's chat (REST `POST` and the socket's
 * `chat.send` both come here): access, mute and rate limit are checked under
 * the author's lock, the message is stored, then published once committed.
 */
export async function postMessage(
  ctx: ChatContext,
  principal: Principal | null,
  eventId: number,
  rawText: unknown,
  field: TextField = 'body.text',
): Promise<ChatMessageView> {
  const access = await chatAccess(ctx, principal, eventId);
  const text = requireText(rawText, field);
  const { postLimit, postWindowSeconds } = ctx.settings;
  const row = await ctx.platform.database.transaction(async (tx) => {
    await repo.lockAuthor(tx, eventId, access.userId);
    // Read after the lock: an earlier post of the same author has committed by now.
    const now = new Date();
    await refuseIfMuted(tx, access, now);
    const since = new Date(now.getTime() - postWindowSeconds * 1000);
    const recent = await repo.recentPostTimes(tx, eventId, access.userId, since, postLimit);
    const wait = postingWait(recent, now, postLimit, postWindowSeconds);
    if (wait !== null) throw chatRateLimited(postLimit, postWindowSeconds, wait);
    return repo.insertMessage(tx, {
      eventId,
      authorId: access.userId,
      authorRole: access.role,
      kind: 'message',
      text,
      createdAt: now,
    });
  });
  const view = await viewOne(ctx, ctx.platform.database.db, row);
  await publishCommitted(ctx, chatChannelKey(eventId), CHAT_MESSAGES.message, view);
  return view;
}

/** A page of the history, newest first; deleted messages appear as tombstones without text. */
export async function listMessages(
  ctx: ChatContext,
  principal: Principal | null,
  eventId: number,
  query: { before?: string; limit?: number },
): Promise<{ items: ChatMessageView[]; limit: number; nextCursor: string | null }> {
  await chatAccess(ctx, principal, eventId);
  const limit = query.limit ?? 50;
  let before: number | undefined;
  if (query.before !== undefined) {
    const position = decodeCursor(query.before);
    if (position === null)
      throw invalidField('query.before', 'is not a cursor this history handed out');
    before = position;
  }
  const { db } = ctx.platform.database;
  // One more than asked tells whether an older page exists.
  const rows = await repo.messagesPage(db, eventId, before, limit + 1);
  const page = rows.slice(0, limit);
  const names = await namesOf(
    ctx,
    db,
    page.map((r) => r.authorId),
  );
  return {
    items: page.map((r) => messageView(r, names)),
    limit,
    nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.position) : null,
  };
}

/**
 * Changes a message's text: its author only, within the edit window, not
 * once deleted, not while muted. `expect` checks the caller's If-Match.
 */
export async function editMessage(
  ctx: ChatContext,
  principal: Principal | null,
  eventId: number,
  messageId: string,
  rawText: unknown,
  expect?: (version: string) => void,
): Promise<ChatMessageView> {
  const access = await chatAccess(ctx, principal, eventId);
  const text = requireText(rawText, 'body.text');
  const row = await ctx.platform.database.transaction(async (tx) => {
    const message = await repo.findMessage(tx, eventId, messageId, { forUpdate: true });
    if (!message) throw chatMessageNotFound();
    if (message.authorId !== access.userId) throw chatNotAuthor('edit');
    if (message.deletedAt) throw chatMessageDeleted();
    const now = new Date();
    if (!isWithinEditWindow(message.createdAt, now, ctx.settings.editWindowSeconds))
      throw chatEditWindowPassed(ctx.settings.editWindowSeconds);
    await refuseIfMuted(tx, access, now);
    expect?.(messageVersion(message));
    return repo.updateText(tx, messageId, text, now);
  });
  const view = await viewOne(ctx, ctx.platform.database.db, row);
  await publishCommitted(ctx, chatChannelKey(eventId), CHAT_MESSAGES.edited, view);
  return view;
}

/**
 * Deletes a message, leaving a tombstone: its author within the edit window,
 * the organizer's team and moderators at any time. Deleting it again changes
 * nothing. A pinned message is unpinned with it.
 */
export async function deleteMessage(
  ctx: ChatContext,
  principal: Principal | null,
  eventId: number,
  messageId: string,
  expect?: (version: string) => void,
): Promise<void> {
  const access = await chatAccess(ctx, principal, eventId);
  const done = await ctx.platform.database.transaction(async (tx) => {
    const message = await repo.findMessage(tx, eventId, messageId, { forUpdate: true });
    if (!message) throw chatMessageNotFound();
    const isAuthor = message.authorId === access.userId;
    if (!isAuthor && !access.moderates) throw chatNotAuthor('delete');
    if (message.deletedAt) return null;
    const now = new Date();
    const windowOpen = isWithinEditWindow(message.createdAt, now, ctx.settings.editWindowSeconds);
    // The team and moderators delete as moderation, at any time; an author only while the window is open.
    if (!access.moderates && !windowOpen)
      throw chatEditWindowPassed(ctx.settings.editWindowSeconds);
    expect?.(messageVersion(message));
    const by = isAuthor && windowOpen ? 'author' : 'moderation';
    const deleted = await repo.tombstone(tx, messageId, now, by);
    const unpinned = await repo.deletePin(tx, eventId, messageId);
    return { deleted, unpinned };
  });
  if (!done) return;
  const key = chatChannelKey(eventId);
  await publishCommitted(
    ctx,
    key,
    CHAT_MESSAGES.deleted,
    await viewOne(ctx, ctx.platform.database.db, done.deleted),
  );
  if (done.unpinned) await publishCommitted(ctx, key, CHAT_MESSAGES.unpinned, { eventId });
}
