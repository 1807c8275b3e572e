import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { Envelope, problems } from '../../../platform/http/envelope.js';
import { AppError, badRequest } from '../../../platform/http/errors.js';
import type { App } from '../../../platform/http/types.js';
import { CATALOG_ERRORS } from '../catalog.errors.js';
import { sendEvent } from '../events/event-replies.js';
import { Event, EventIdParams } from '../events/events.schemas.js';
import { sampleImage } from '../seed/sample-images.js';
import { findServedImage, uploadEventImage } from './image-upload.service.js';
import { mediaDir } from './media.service.js';
import type { CatalogContext } from '../catalog.context.js';

/** The one file of a multipart upload, with a 400/413/415 for what is not one. */
async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Buffer> {
  if (!request.isMultipart()) {
    throw new AppError(
      CATALOG_ERRORS.imageNotMultipart,
      415,
      'Send the image as multipart/form-data.',
    );
  }
  try {
    const file = await request.file();
    if (!file) throw badRequest('No file was sent (multipart field "image").');
    return await file.toBuffer();
  } catch (error) {
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(
        CATALOG_ERRORS.imageTooLarge,
        413,
        `The image is larger than ${maxBytes} bytes.`,
      );
    }
    throw error;
  }
}

/** Event image upload, and the media files served at /media and (for the Tickest app) /images. */
export async function mediaRoutes(app: App, ctx: CatalogContext): Promise<void> {
  const { platform } = ctx;
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
        const view = await uploadEventImage(ctx, request.principal, request.params.id, () =>
          readUpload(request, config.mediaMaxBytes),
        );
        return sendEvent(reply, view);
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
        const image = await findServedImage(ctx, file);
        const etag = `"${file}"`;
        reply
          .header('cache-control', 'public, max-age=31536000, immutable')
          .header('etag', etag)
          .header('last-modified', image.modified.toUTCString())
          .header('x-content-type-options', 'nosniff')
          // Public images: a web front end on another origin may show them in <img>.
          .header('cross-origin-resource-policy', 'cross-origin');
        if (request.headers['if-none-match'] === etag) return reply.code(304).send(null);
        return reply
          .type(image.type)
          .header('content-length', image.size)
          .send(createReadStream(image.path) as never);
      },
    );
  }
}
