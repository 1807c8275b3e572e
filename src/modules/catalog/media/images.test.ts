import { describe, expect, it } from 'vitest';
import { app, manager, outsider, createDraft } from '../events/events.fixture.js';

describe('images', () => {
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.alloc(100, 1),
  ]);
  function multipart(name: string, content: Buffer, type: string) {
    const boundary = 'marqueeboundary';
    const payload = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="image"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`,
      ),
      content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
  }

  it('stores a sniffed image and serves it with caching headers at /media and /images', async () => {
    const { id } = (await createDraft()).json().data;
    const body = multipart('photo.png', png, 'image/png');
    const res = await app.inject({
      method: 'POST',
      url: `/v1/events/${id}/image`,
      headers: { ...manager.headers, ...body.headers },
      payload: body.payload,
    });
    expect(res.statusCode, res.body).toBe(200);
    const url = res.json().data.image as string;
    expect(url).toMatch(/^http:\/\/marquee\.test\/media\/[0-9a-f-]{36}\.png$/);
    const file = url.split('/').pop();
    for (const prefix of ['/media/', '/images/']) {
      const served = await app.inject({ url: `${prefix}${file}` });
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe('image/png');
      expect(served.headers['cache-control']).toContain('immutable');
      expect(served.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(served.rawPayload.equals(png)).toBe(true);
    }
    expect((await app.inject({ url: '/media/..%2F..%2Fetc%2Fpasswd' })).statusCode).toBe(404);
  });

  it('rejects files that are not images whatever their name, and files over the limit', async () => {
    const { id } = (await createDraft()).json().data;
    const fake = multipart('photo.png', Buffer.from('<svg onload="alert(1)"></svg>'), 'image/png');
    const res = await app.inject({
      method: 'POST',
      url: `/v1/events/${id}/image`,
      headers: { ...manager.headers, ...fake.headers },
      payload: fake.payload,
    });
    expect(res.statusCode).toBe(415);
    const big = multipart('big.png', Buffer.concat([png, Buffer.alloc(5000)]), 'image/png');
    const tooBig = await app.inject({
      method: 'POST',
      url: `/v1/events/${id}/image`,
      headers: { ...manager.headers, ...big.headers },
      payload: big.payload,
    });
    expect(tooBig.statusCode).toBe(413);
    const byOutsider = multipart('photo.png', png, 'image/png');
    const denied = await app.inject({
      method: 'POST',
      url: `/v1/events/${id}/image`,
      headers: { ...outsider.headers, ...byOutsider.headers },
      payload: byOutsider.payload,
    });
    expect(denied.statusCode).toBe(403);
  });
});
