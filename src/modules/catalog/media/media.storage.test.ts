import fs from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { postDraft } from '../../../../test/fixtures/catalog.js';
import { createOrganizer, createUser } from '../../../../test/fixtures/identity.js';
import { waitForLockWaiters } from '../../../../test/fixtures/locks.js';

/** Uploaded images: a replaced one is gone, and an organizer's images have a size limit. */
const ctx = await useTestApp({ MEDIA_MAX_BYTES: '4096', MEDIA_ORGANIZER_MAX_BYTES: '5000' });
const { app, platform, dataDir } = ctx;

type User = Awaited<ReturnType<typeof createUser>>;
let owner: User;
let organizer: { id: string };

const png = (bytes: number, fill = 1) =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.alloc(bytes - 8, fill),
  ]);

beforeAll(async () => {
  owner = await createUser(ctx, { roles: ['organizer'] });
  organizer = await createOrganizer(ctx, owner, { name: 'Image Makers' });
  await platform.relay.drain();
});

const createDraft = async () =>
  (
    await postDraft(ctx, owner.headers, {
      organizerId: organizer.id,
      title: 'Gallery night',
      category: 'exhibition',
    })
  ).id;

function upload(id: number, content: Buffer) {
  const boundary = 'marqueeboundary';
  return app.inject({
    method: 'POST',
    url: `/v1/events/${id}/image`,
    headers: { ...owner.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload: Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
  });
}

const fileOf = (url: string) => url.split('/').pop()!;
const onDisk = (file: string) =>
  fs.stat(path.join(dataDir, 'media', file)).then(
    () => true,
    () => false,
  );

describe('uploaded images', () => {
  it('deletes and stops serving an image once the event shows another', async () => {
    const id = await createDraft();
    const first = fileOf((await upload(id, png(500))).json().data.image);
    expect((await app.inject({ url: `/images/${first}` })).statusCode).toBe(200);
    const second = await upload(id, png(600, 2));
    expect(second.statusCode, second.body).toBe(200);
    const current = fileOf(second.json().data.image);
    for (const prefix of ['/media/', '/images/']) {
      expect((await app.inject({ url: `${prefix}${first}` })).statusCode).toBe(404);
      expect((await app.inject({ url: `${prefix}${current}` })).statusCode).toBe(200);
    }
    expect(await onDisk(first)).toBe(false);
    expect(await onDisk(current)).toBe(true);
    // Pointing the event at another URL drops the upload too.
    const patched = await app.inject({
      method: 'PATCH',
      url: `/v1/events/${id}`,
      headers: owner.headers,
      payload: { image: 'https://cdn.example.org/poster.jpg' },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect((await app.inject({ url: `/media/${current}` })).statusCode).toBe(404);
    expect(await onDisk(current)).toBe(false);
  });

  it("refuses an upload that would pass the organizer's storage limit, with a 413 saying so", async () => {
    const a = await createDraft();
    const b = await createDraft();
    expect((await upload(a, png(3000))).statusCode).toBe(200);
    // Replacing an event's own image counts only the new one.
    expect((await upload(a, png(3500))).statusCode).toBe(200);
    const over = await upload(b, png(2000));
    expect(over.statusCode, over.body).toBe(413);
    expect(over.json()).toMatchObject({
      code: 'CATALOG.STORAGE_LIMIT_EXCEEDED',
      details: { usedBytes: 3500, limitBytes: 5000, uploadBytes: 2000 },
    });
    expect(over.json().detail).toMatch(/limit of 5000 bytes/);
    // Nothing of the refused upload stays behind.
    const files = await fs.readdir(path.join(dataDir, 'media'));
    expect(files).toHaveLength(1);
    expect((await upload(b, png(1500))).statusCode).toBe(200);
  });

  it('lets only one of two parallel uploads of an organizer pass the limit', async () => {
    const [c, d, e] = [await createDraft(), await createDraft(), await createDraft()];
    // Start from an organizer with no images: clear the ones of the tests above.
    const ids = (await app.inject({ url: '/v1/me/events?limit=100', headers: owner.headers }))
      .json()
      .data.map((x: { id: number }) => x.id) as number[];
    for (const id of ids) {
      await app.inject({
        method: 'PATCH',
        url: `/v1/events/${id}`,
        headers: owner.headers,
        payload: { image: null },
      });
    }
    // Both uploads check the usage; holding the media table's inserts makes the
    // first one to pass wait before writing its row, so the other checks meanwhile.
    const blocker = await platform.database.pool.connect();
    let results;
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE catalog_media IN SHARE MODE');
      const both = Promise.all([upload(c, png(3000)), upload(d, png(3000, 3))]);
      await waitForLockWaiters(platform.database.db, 2);
      await blocker.query('COMMIT');
      results = await both;
    } finally {
      blocker.release();
    }
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 413]);
    expect(await fs.readdir(path.join(dataDir, 'media'))).toHaveLength(1);
    expect((await upload(e, png(2000))).statusCode).toBe(200);
  });
});
