import fs from 'node:fs/promises';
import path from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../../platform/db/database.js';
import { AppError } from '../../../platform/http/errors.js';
import type { Platform } from '../../../platform/platform.js';
import { media } from '../catalog.tables.js';
import { CATALOG_ERRORS } from '../catalog.errors.js';
import type { CatalogContext } from '../catalog.context.js';

/** Where uploaded images live. */
export const mediaDir = (config: Platform['config']) => path.join(config.dataDir, 'media');

/**
 * Forgets the event's uploaded images the event no longer shows: all of them,
 * or all but the one `image` (its URL, under /media or /images) names.
 * Returns their file names, to delete once the transaction has committed.
 */
export async function dropEventMedia(
  tx: Tx,
  eventId: number,
  image: string | null = null,
): Promise<string[]> {
  const rows = await tx
    .select({ id: media.id, fileName: media.fileName })
    .from(media)
    .where(eq(media.eventId, eventId));
  const dropped = rows.filter((r) => !image?.endsWith(`/${r.fileName}`));
  if (dropped.length === 0) return [];
  await tx.delete(media).where(
    inArray(
      media.id,
      dropped.map((r) => r.id),
    ),
  );
  return dropped.map((r) => r.fileName);
}

/** Deletes image files whose rows are gone; a file already missing is fine. */
export async function removeMediaFiles(ctx: CatalogContext, fileNames: string[]): Promise<void> {
  const dir = mediaDir(ctx.platform.config);
  await Promise.all(
    fileNames.map((name) =>
      fs.rm(path.join(dir, name), { force: true }).catch((error: unknown) => {
        ctx.platform.log.warn({ err: error, file: name }, 'could not delete a replaced image');
      }),
    ),
  );
}

/** True when the file is a current upload (replaced and removed ones are not served). */
export async function isServedMedia(db: Executor, fileName: string): Promise<boolean> {
  const [row] = await db
    .select({ id: media.id })
    .from(media)
    .where(eq(media.fileName, fileName))
    .limit(1);
  return row !== undefined;
}

/**
 * Throws 413 when adding `bytes` for the event would take the organizer's
 * images past `limit` (the event's own current image does not count: the
 * upload replaces it). Uploads of one organizer wait for each other here, so
 * two at once cannot both squeeze under the limit.
 */
export async function assertStorageLeft(
  tx: Tx,
  organizerId: string,
  eventId: number,
  bytes: number,
  limit: number,
): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${`catalog.media:${organizerId}`}))`);
  const r = await tx.execute<{ used: string }>(sql`
    SELECT coalesce(sum(m.bytes), 0)::bigint AS used
      FROM catalog_media m JOIN catalog_events e ON e.id = m.event_id
     WHERE e.organizer_id = ${organizerId}::uuid AND m.event_id <> ${eventId}`);
  const used = Number(r.rows[0]?.used ?? 0);
  if (used + bytes > limit) {
    throw new AppError(
      CATALOG_ERRORS.storageLimitExceeded,
      413,
      `The organizer's images would take ${used + bytes} bytes, over its limit of ${limit} bytes: replace or remove other events' images first.`,
      { usedBytes: used, limitBytes: limit, uploadBytes: bytes },
    );
  }
}
