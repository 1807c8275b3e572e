import { and, count, desc, eq, getTableColumns, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../../platform/db/database.js';
import { chatMessages, chatMutes, chatPins } from './chat.tables.js';

export type MessageRow = typeof chatMessages.$inferSelect;
export type NewMessage = Omit<typeof chatMessages.$inferInsert, 'id' | 'position'>;
export type MuteRow = typeof chatMutes.$inferSelect;
export type PinRow = typeof chatPins.$inferSelect;

/**
 * Serialises one author's posts to one event until commit, so the rate
 * limit's count cannot be raced past by parallel posts (on any instance).
 */
export async function lockAuthor(tx: Tx, eventId: number, userId: string): Promise<void> {
  await tx.execute(
    sql`SELECT pg_advisory_xact_lock(hashtextextended(${`community_chat:${eventId}:${userId}`}, 0))`,
  );
}

/** When the author's latest `limit` posts in the event since `since` were made, newest first. */
export async function recentPostTimes(
  tx: Tx,
  eventId: number,
  userId: string,
  since: Date,
  limit: number,
): Promise<Date[]> {
  const rows = await tx
    .select({ createdAt: chatMessages.createdAt })
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.eventId, eventId),
        eq(chatMessages.authorId, userId),
        gt(chatMessages.createdAt, since),
      ),
    )
    .orderBy(desc(chatMessages.createdAt))
    .limit(limit);
  return rows.map((r) => r.createdAt);
}

export async function insertMessage(tx: Tx, message: NewMessage): Promise<MessageRow> {
  const [row] = await tx.insert(chatMessages).values(message).returning();
  return row!;
}

/** A message of this event (a message of another event is not found here). */
export async function findMessage(
  db: Executor,
  eventId: number,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<MessageRow | undefined> {
  const query = db
    .select()
    .from(chatMessages)
    .where(and(eq(chatMessages.id, id), eq(chatMessages.eventId, eventId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row;
}

export async function updateText(
  tx: Tx,
  id: string,
  text: string,
  editedAt: Date,
): Promise<MessageRow> {
  const [row] = await tx
    .update(chatMessages)
    .set({ text, editedAt })
    .where(eq(chatMessages.id, id))
    .returning();
  return row!;
}

/** Clears a message's text and marks it deleted: the row stays for history and the rate limit. */
export async function tombstone(
  tx: Tx,
  id: string,
  deletedAt: Date,
  deletedBy: 'author' | 'moderation',
): Promise<MessageRow> {
  const [row] = await tx
    .update(chatMessages)
    .set({ text: null, deletedAt, deletedBy })
    .where(eq(chatMessages.id, id))
    .returning();
  return row!;
}

/** A page of the event's history, newest first, older than `before` when given. */
export async function messagesPage(
  db: Executor,
  eventId: number,
  before: number | undefined,
  limit: number,
): Promise<MessageRow[]> {
  return db
    .select()
    .from(chatMessages)
    .where(
      and(
        eq(chatMessages.eventId, eventId),
        before === undefined ? undefined : lt(chatMessages.position, before),
      ),
    )
    .orderBy(desc(chatMessages.position))
    .limit(limit);
}

/** The user's mute in the event, if one is recorded (it may have run out). */
export async function findMute(
  db: Executor,
  eventId: number,
  userId: string,
): Promise<MuteRow | undefined> {
  const [row] = await db
    .select()
    .from(chatMutes)
    .where(and(eq(chatMutes.eventId, eventId), eq(chatMutes.userId, userId)));
  return row;
}

/** Records or replaces the user's mute; `created` is false when one was already recorded. */
export async function upsertMute(
  tx: Tx,
  mute: Omit<MuteRow, 'mutedAt'>,
): Promise<{ row: MuteRow; created: boolean }> {
  const [row] = await tx
    .insert(chatMutes)
    .values(mute)
    .onConflictDoUpdate({
      target: [chatMutes.eventId, chatMutes.userId],
      set: { until: mute.until, reason: mute.reason, mutedBy: mute.mutedBy, mutedAt: sql`now()` },
    })
    // xmax is 0 on a freshly inserted row version, set when ON CONFLICT updated one.
    .returning({ ...getTableColumns(chatMutes), inserted: sql<boolean>`(xmax = 0)` });
  const { inserted, ...stored } = row!;
  return { row: stored, created: inserted };
}

export async function deleteMute(tx: Tx, eventId: number, userId: string): Promise<boolean> {
  const rows = await tx
    .delete(chatMutes)
    .where(and(eq(chatMutes.eventId, eventId), eq(chatMutes.userId, userId)))
    .returning({ userId: chatMutes.userId });
  return rows.length > 0;
}

const activeMuteOf = (eventId: number, now: Date) =>
  and(eq(chatMutes.eventId, eventId), or(isNull(chatMutes.until), gt(chatMutes.until, now)));

/** The mutes of the event that still hold, latest first, one page. */
export async function activeMutes(
  db: Executor,
  eventId: number,
  now: Date,
  page: { limit: number; offset: number },
): Promise<{ rows: MuteRow[]; total: number }> {
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(chatMutes)
      .where(activeMuteOf(eventId, now))
      .orderBy(desc(chatMutes.mutedAt), chatMutes.userId)
      .limit(page.limit)
      .offset(page.offset),
    db.select({ n: count() }).from(chatMutes).where(activeMuteOf(eventId, now)),
  ]);
  return { rows, total: total?.n ?? 0 };
}

/** Pins the message, replacing the event's earlier pin. */
export async function setPin(
  tx: Tx,
  eventId: number,
  messageId: string,
  pinnedBy: string,
): Promise<PinRow> {
  const [row] = await tx
    .insert(chatPins)
    .values({ eventId, messageId, pinnedBy })
    .onConflictDoUpdate({
      target: chatPins.eventId,
      set: { messageId, pinnedBy, pinnedAt: sql`now()` },
    })
    .returning();
  return row!;
}

/** Removes the event's pin; `messageId` only when that message is the one pinned. */
export async function deletePin(tx: Tx, eventId: number, messageId?: string): Promise<boolean> {
  const rows = await tx
    .delete(chatPins)
    .where(
      and(
        eq(chatPins.eventId, eventId),
        messageId === undefined ? undefined : eq(chatPins.messageId, messageId),
      ),
    )
    .returning({ eventId: chatPins.eventId });
  return rows.length > 0;
}

/** The event's pin with its message. */
export async function findPin(
  db: Executor,
  eventId: number,
): Promise<{ pin: PinRow; message: MessageRow } | undefined> {
  const [row] = await db
    .select({ pin: chatPins, message: chatMessages })
    .from(chatPins)
    .innerJoin(chatMessages, eq(chatMessages.id, chatPins.messageId))
    .where(eq(chatPins.eventId, eventId));
  return row;
}
