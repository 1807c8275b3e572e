import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { AppError } from '../../../platform/http/errors.js';
import type { Principal } from '../../../platform/http/principal.js';
import { assertCanManage } from '../catalog.access.js';
import { CATALOG_ERRORS } from '../catalog.errors.js';
import { events, media } from '../catalog.tables.js';
import { findEventRow } from '../events/events.repository.js';
import { eventNotFound } from '../events/events.rules.js';
import type { EventView } from '../events/events.schemas.js';
import { mutateEvent } from '../events/events.service.js';
import {
  assertStorageLeft,
  dropEventMedia,
  isServedMedia,
  mediaDir,
  removeMediaFiles,
} from './media.service.js';
import type { CatalogContext } from '../catalog.context.js';

/** Recognises JPEG, PNG and WebP by their first bytes; the file name and declared type do not count. */
export function sniffImage(head: Buffer): { type: string; ext: string } | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) {
    return { type: 'image/jpeg', ext: 'jpg' };
  }
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return { type: 'image/png', ext: 'png' };
  }
  if (
    head.subarray(0, 4).toString('latin1') === 'RIFF' &&
    head.subarray(8, 12).toString('latin1') === 'WEBP'
  ) {
    return { type: 'image/webp', ext: 'webp' };
  }
  return null;
}

/**
 * Replaces the event's image with the bytes `read` returns (called once the
 * caller may manage the event): checked by content, counted against the
 * organizer's storage, stored under a new name; the replaced file is deleted.
 */
export async function uploadEventImage(
  ctx: CatalogContext,
  principal: Principal | null,
  id: number,
  read: () => Promise<Buffer>,
): Promise<EventView> {
  const { config } = ctx.platform;
  const row = await findEventRow(ctx.platform.database.db, id);
  if (!row) throw eventNotFound();
  await assertCanManage(ctx, ctx.platform.database.db, principal, row.organizerId);
  const data = await read();
  const kind = sniffImage(data.subarray(0, 16));
  if (!kind) {
    throw new AppError(
      CATALOG_ERRORS.imageTypeUnsupported,
      415,
      'The file is not a JPEG, PNG or WebP image (checked by content).',
    );
  }
  const fileName = `${randomUUID()}.${kind.ext}`;
  const target = path.join(mediaDir(config), fileName);
  await fs.writeFile(target, data, { flag: 'wx' });
  let replaced: string[] = [];
  try {
    const view = await mutateEvent(ctx, principal, id, undefined, async (tx) => {
      await assertStorageLeft(tx, row.organizerId, id, data.length, config.mediaOrganizerMaxBytes);
      replaced = await dropEventMedia(tx, id);
      await tx
        .insert(media)
        .values({ fileName, contentType: kind.type, bytes: data.length, eventId: id });
      await tx
        .update(events)
        .set({ image: `${config.publicBaseUrl}/media/${fileName}` })
        .where(eq(events.id, id));
    });
    // The replaced image is neither kept nor served.
    await removeMediaFiles(ctx, replaced);
    return view;
  } catch (error) {
    await fs.rm(target, { force: true });
    throw error;
  }
}

const FILE_NAME = /^[0-9a-f-]{36}\.(jpg|png|webp)$/;
const TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

const mediaNotFound = () => new AppError(CATALOG_ERRORS.mediaNotFound, 404, 'No such image.');

/** An uploaded image still served (a replaced or removed one is not, even if its file stayed). */
export async function findServedImage(ctx: CatalogContext, file: string) {
  if (!FILE_NAME.test(file) || !(await isServedMedia(ctx.platform.database.db, file)))
    throw mediaNotFound();
  const full = path.join(mediaDir(ctx.platform.config), file);
  const stat = await fs.stat(full).catch(() => null);
  if (!stat) throw mediaNotFound();
  return {
    path: full,
    size: stat.size,
    modified: stat.mtime,
    type: TYPES[file.split('.').pop()!]!,
  };
}
