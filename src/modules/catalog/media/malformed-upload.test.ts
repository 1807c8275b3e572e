import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { postDraft } from '../../../../test/fixtures/catalog.js';
import { createOrganizer, createUser, type TestUser } from '../../../../test/fixtures/identity.js';

/** Broken multipart bodies are the client's mistake: a precise 400, never a 500. */
const ctx = await useTestApp();
const { app, platform } = ctx;

let owner: TestUser;
let eventId: number;

beforeAll(async () => {
  owner = await createUser(ctx, { roles: ['organizer'] });
  const organizer = await createOrganizer(ctx, owner, { name: 'Broken Uploads' });
  await platform.relay.drain();
  eventId = (
    await postDraft(ctx, owner.headers, {
      organizerId: organizer.id,
      title: 'Torn poster',
      category: 'exhibition',
    })
  ).id;
});

const boundary = 'marqueeboundary';
const partHeaders = `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`;
const upload = (contentType: string, payload: string | Buffer) =>
  app.inject({
    method: 'POST',
    url: `/v1/events/${eventId}/image`,
    headers: { ...owner.headers, 'content-type': contentType },
    payload,
  });

describe('POST /v1/events/:id/image with a malformed multipart body', () => {
  it.each([
    ['no boundary', 'multipart/form-data', 'abc', /boundary/],
    [
      'cut off after the part headers',
      `multipart/form-data; boundary=${boundary}`,
      partHeaders,
      /ends before/,
    ],
    [
      'cut off inside the file',
      `multipart/form-data; boundary=${boundary}`,
      `${partHeaders}\x89PNG\r\n\x1a\n0000`,
      /ends before/,
    ],
    [
      'no closing boundary at all',
      `multipart/form-data; boundary=${boundary}`,
      'abc',
      /ends before/,
    ],
  ])('%s: 400 REQUEST.MALFORMED_MULTIPART', async (_name, contentType, payload, detail) => {
    const res = await upload(contentType, payload);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      success: false,
      status: 400,
      code: 'REQUEST.MALFORMED_MULTIPART',
      detail: expect.stringMatching(detail),
    });
  });
});
