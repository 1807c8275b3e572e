import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import { Envelope, problems } from '../../../platform/http/envelope.js';
import { AppError, badRequest } from '../../../platform/http/errors.js';
import type { App } from '../../../platform/http/types.js';
import { assertCanManage } from '../catalog.access.js';
import { events, media } from '../catalog.tables.js';
import { sendEvent } from '../events/event-replies.js';
import { findEventRow } from '../events/events.repository.js';
import { eventNotFound } from '../events/events.rules.js';
import { Event, EventIdParams } from '../events/events.schemas.js';
import { mutateEvent } from '../events/events.service.js';
import {
  assertStorageLeft,
  dropEventMedia,
  isServedMedia,
  mediaDir,
  removeMediaFiles,
} from './media.service.js';
import { sampleImage } from '../seed/sample-images.js';
import { eq } from 'drizzle-orm';
import { CATALOG_ERRORS } from '../catalog.errors.js';

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

const FILE_NAME = /^[0-9a-f-]{36}\.(jpg|png|webp)$/;
const TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** Event image upload, and the media files served at /media and (for the Tickest app) /images. */
export async function mediaRoutes(app: App): Promise<void> {
  const { platform } = app;
  const { config } = platform;
  const dir = mediaDir(config);
  await fs.mkdir(dir, { recursive: true });
  // The upload route and its multipart parser in a context of their own: the
  // parser's hooks then run for this route only, not for every catalogue read.
  await app.register(async (upload: App) => {
    await upload.register(multipart, {
      limits: { fileSize: config.mediaMaxBytes, files: 1, fields: 5, parts: 6 },
    });

    upload.post(
      '/v1/events/:id/image',
      {
        config: { permission: 'events:write' },
        bodyLimit: config.mediaMaxBytes + 64 * 1024,
        schema: {
          summary: 'Upload the event image (JPEG, PNG or WebP, multipart field "image")',
          tags: ['catalog'],
          params: EventIdParams,
          consumes: ['multipart/form-data'],
          description:
            'Replaces the current image (the old file is deleted). 413 past MEDIA_MAX_BYTES, or when the organizer would pass MEDIA_ORGANIZER_MAX_BYTES over all its events.',
          response: { 200: Envelope(Event), ...problems(400, 401, 403, 404, 409, 413, 415) },
        },
      },
      async (request, reply) => {
        const { id } = request.params;
        const row = await findEventRow(platform.database.db, id);
        if (!row) throw eventNotFound();
        await assertCanManage(platform.database.db, request.principal, row.organizerId);
        if (!request.isMultipart()) {
          throw new AppError(
            CATALOG_ERRORS.imageNotMultipart,
            415,
            'Send the image as multipart/form-data.',
          );
        }
        let data: Buffer;
        try {
          const file = await request.file();
          if (!file) throw badRequest('No file was sent (multipart field "image").');
          data = await file.toBuffer();
        } catch (error) {
          if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
            throw new AppError(
              CATALOG_ERRORS.imageTooLarge,
              413,
              `The image is larger than ${config.mediaMaxBytes} bytes.`,
            );
          }
          throw error;
        }
        const kind = sniffImage(data.subarray(0, 16));
        if (!kind) {
          throw new AppError(
            CATALOG_ERRORS.imageTypeUnsupported,
            415,
            'The file is not a JPEG, PNG or WebP image (checked by content).',
          );
        }
        const fileName = `${randomUUID()}.${kind.ext}`;
        const target = path.join(dir, fileName);
        await fs.writeFile(target, data, { flag: 'wx' });
        let replaced: string[] = [];
        try {
          const view = await mutateEvent(platform, request.principal, id, undefined, async (tx) => {
            await assertStorageLeft(
              tx,
              row.organizerId,
              id,
              data.length,
              config.mediaOrganizerMaxBytes,
            );
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
          await removeMediaFiles(platform, replaced);
          return sendEvent(reply, view);
        } catch (error) {
          await fs.rm(target, { force: true });
          throw error;
        }
      },
    );
  });

  for (const prefix of ['/media', '/images']) {
    app.get(
      `${prefix}/:file`,
      {
        config: { rateLimit: false },
        schema: {
          summary:
            'An uploaded image (immutable, cached for a year); under /images also the sample catalogue’s images',
          tags: ['catalog'],
          params: Type.Object({ file: Type.String({ maxLength: 100 }) }),
          response: {
            200: Type.Unsafe<unknown>({
              type: 'string',
              format: 'binary',
              description: 'The image bytes (JPEG, PNG or WebP).',
            }),
            304: Type.Unsafe<unknown>({
              description: 'Not modified since the ETag the client holds.',
            }),
            ...problems(400, 404),
          },
        },
      },
      async (request, reply) => {
        const { file } = request.params;
        const sample = prefix === '/images' ? sampleImage(file) : null;
        if (sample) {
          reply
            .header('cache-control', 'public, max-age=86400')
            .header('etag', `"${file}"`)
            .header('x-content-type-options', 'nosniff')
            .header('cross-origin-resource-policy', 'cross-origin');
          if (request.headers['if-none-match'] === `"${file}"`) return reply.code(304).send(null);
          return reply.type('image/png').send(sample);
        }
        // A replaced or removed image is no longer served, even if its file could not be deleted.
        if (!FILE_NAME.test(file) || !(await isServedMedia(platform.database.db, file)))
          throw new AppError(CATALOG_ERRORS.mediaNotFound, 404, 'No such image.');
        const full = path.join(dir, file);
        const stat = await fs.stat(full).catch(() => null);
        if (!stat) throw new AppError(CATALOG_ERRORS.mediaNotFound, 404, 'No such image.');
        const etag = `"${file}"`;
        reply
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('etag', etag)
          .header('last-modified', stat.mtime.toUTCString())
          .header('x-content-type-options', 'nosniff')
          // Public images: a web front end on another origin may show them in <img>.
          .header('cross-origin-resource-policy', 'cross-origin');
        if (request.headers['if-none-match'] === etag) return reply.code(304).send(null);
        return reply
          .type(TYPES[file.split('.').pop()!]!)
          .header('content-length', stat.size)
          .send(createReadStream(full) as never);
      },
    );
  }
}
