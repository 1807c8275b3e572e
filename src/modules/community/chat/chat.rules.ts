/** Pure rules of event chat: text, cursors, windows. No I/O. */

/** The longest message, in characters (code points, as JSON Schema counts them). */
export const MAX_CHAT_TEXT = 2000;

/** Control characters plain text has no use for (tab, line feed and carriage return are kept). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
/** A surrogate half without its partner: UTF-8 cannot hold it (it would be stored altered). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A message's text as stored: trimmed, otherwise exactly as given (never
 * escaped or rendered: clients show it as text). Returns what is wrong with
 * it instead when it is empty, too long, or not storable as UTF-8 text.
 */
export function chatText(
  raw: unknown,
): { ok: true; text: string } | { ok: false; problem: string } {
  if (typeof raw !== 'string') return { ok: false, problem: 'must be a string' };
  if (LONE_SURROGATE.test(raw)) return { ok: false, problem: 'must be well-formed Unicode text' };
  if ([...raw].length > MAX_CHAT_TEXT)
    return { ok: false, problem: `must be at most ${MAX_CHAT_TEXT} characters` };
  if (CONTROL.test(raw)) return { ok: false, problem: 'must not contain control characters' };
  const text = raw.trim();
  if (text === '') return { ok: false, problem: 'must not be empty or only spaces' };
  return { ok: true, text };
}

const CURSOR = /^p([1-9][0-9]{0,17})$/;

/** The opaque `before` cursor of a history page: messages older than `position`. */
export const encodeCursor = (position: number): string =>
  Buffer.from(`p${position}`).toString('base64url');

/** The position a cursor names, or null when it is not one this API handed out. */
export function decodeCursor(cursor: string): number | null {
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(cursor)) return null;
  const found = CURSOR.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!found) return null;
  const position = Number(found[1]);
  return Number.isSafeInteger(position) ? position : null;
}

/** Whether the author may still edit or delete a message posted at `createdAt`. */
export const isWithinEditWindow = (createdAt: Date, now: Date, windowSeconds: number): boolean =>
  now.getTime() - createdAt.getTime() < windowSeconds * 1000;

/** Whether a mute with this end still holds (no end: until lifted). */
export const isMuteActive = (until: Date | null, now: Date): boolean =>
  until === null || until.getTime() > now.getTime();

/**
 * Whole seconds until a post is allowed again, given the author's posts in
 * the window newest first, when they already reached `max`: the oldest of the
 * last `max` must leave the window first. Null while under the limit.
 */
export function postingWait(
  recent: readonly Date[],
  now: Date,
  max: number,
  windowSeconds: number,
): number | null {
  if (recent.length < max) return null;
  const oldest = recent[max - 1]!;
  const leavesAt = oldest.getTime() + windowSeconds * 1000;
  return Math.max(1, Math.ceil((leavesAt - now.getTime()) / 1000));
}

/** A message's version for ETag and If-Match: its last change (posting, edit, deletion). */
export const messageVersion = (m: {
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
}): string => (m.deletedAt ?? m.editedAt ?? m.createdAt).toISOString();
