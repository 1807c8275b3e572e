import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { sniffImage } from '../media/image-upload.service.js';

/** The sample catalogue shows images Marquee draws and serves itself. */
const ctx = await useTestApp();
const { app, platform } = ctx;
const base = platform.config.publicBaseUrl;

describe('sample catalogue images', () => {
  it('references an image under /images from every sample event, in both APIs, and serves it as PNG', async () => {
    const seeded = await ctx.modules.catalog.api.seedDemo();
    expect(seeded.events).toBeGreaterThan(0);
    const native = await app.inject({ url: '/v1/events?upcoming=false&limit=100' });
    const events = native.json().data as { image: string | null }[];
    expect(events.length).toBeGreaterThan(0);
    for (const e of events)
      expect(e.image).toMatch(new RegExp(`^${base}/images/sample-[a-z]+\\.png$`));
    const tickest = (await app.inject({ url: '/api/events?upcoming=false&limit=100' })).json() as {
      image: string;
    }[];
    expect(tickest.length).toBe(events.length);
    for (const e of tickest)
      expect(e.image).toMatch(new RegExp(`^${base}/images/sample-[a-z]+\\.png$`));

    const images = new Set([...events.map((e) => e.image!), ...tickest.map((e) => e.image)]);
    expect(images.size).toBeGreaterThan(3);
    for (const image of images) {
      const res = await app.inject({ url: image.slice(base.length) });
      expect(res.statusCode, image).toBe(200);
      expect(res.headers['content-type']).toBe('image/png');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(sniffImage(res.rawPayload.subarray(0, 16))).toEqual({ type: 'image/png', ext: 'png' });
      // 480 x 270 (IHDR), and small enough for a list of cards.
      expect(res.rawPayload.readUInt32BE(16)).toBe(480);
      expect(res.rawPayload.readUInt32BE(20)).toBe(270);
      expect(res.rawPayload.length).toBeLessThan(64 * 1024);
    }
  });

  it('answers 404 for a sample that does not exist, and serves samples under /images only', async () => {
    expect((await app.inject({ url: '/images/sample-opera.png' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/media/sample-concert.png' })).statusCode).toBe(404);
    const cached = await app.inject({
      url: '/images/sample-concert.png',
      headers: { 'if-none-match': '"sample-concert.png"' },
    });
    expect(cached.statusCode).toBe(304);
  });
});
