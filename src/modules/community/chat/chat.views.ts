import type { Executor } from '../../../platform/db/database.js';
import type { ChatContext } from './chat.context.js';
import type { MessageRow, MuteRow, PinRow } from './chat.repository.js';
import { isMuteActive } from './chat.rules.js';
import type { ChatMessageView, ChatMuteView, ChatPinView } from './chat.schemas.js';

type Names = ReadonlyMap<string, string>;

/** Display names of users, from identity; unknown (deleted) users are absent. */
export async function namesOf(
  ctx: ChatContext,
  db: Executor,
  userIds: readonly string[],
): Promise<Names> {
  if (userIds.length === 0) return new Map();
  const contacts = await ctx.identity.getUserContacts(db, [...new Set(userIds)]);
  return new Map([...contacts].map(([id, c]) => [id, c.name]));
}

export const messageView = (row: MessageRow, names: Names): ChatMessageView => ({
  id: row.id,
  eventId: row.eventId,
  kind: row.kind,
  author: { id: row.authorId, name: names.get(row.authorId) ?? null, role: row.authorRole },
  text: row.deletedAt ? null : row.text,
  createdAt: row.createdAt.toISOString(),
  editedAt: row.editedAt?.toISOString() ?? null,
  deletedAt: row.deletedAt?.toISOString() ?? null,
  deletedBy: row.deletedBy ?? null,
});

/** One message with its author's name looked up. */
export async function viewOne(
  ctx: ChatContext,
  db: Executor,
  row: MessageRow,
): Promise<ChatMessageView> {
  return messageView(row, await namesOf(ctx, db, [row.authorId]));
}

export const muteView = (row: MuteRow, names: Names, now: Date): ChatMuteView => ({
  eventId: row.eventId,
  userId: row.userId,
  userName: names.get(row.userId) ?? null,
  until: row.until?.toISOString() ?? null,
  reason: row.reason ?? null,
  mutedBy: row.mutedBy,
  mutedAt: row.mutedAt.toISOString(),
  active: isMuteActive(row.until, now),
});

export const pinView = (pin: PinRow, message: ChatMessageView): ChatPinView => ({
  eventId: pin.eventId,
  message,
  pinnedBy: pin.pinnedBy,
  pinnedAt: pin.pinnedAt.toISOString(),
});
