import { describe, expect, it } from 'vitest';
import { useTestApp } from '../app.js';

/** Errors the platform raises around Tickest routes still reach the app as `{message}`. */
const { app } = await useTestApp({ RATE_LIMIT_MAX: '2' });

describe('Tickest errors raised by the platform', () => {
  it('answers a rate-limited request with 429 and a message', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 3; i++) {
      last = await app.inject({ method: 'GET', url: '/api/events/abc' });
      statuses.push(last.statusCode);
    }
    expect(statuses).toEqual([400, 400, 429]);
    expect(last!.json()).toEqual({ message: expect.stringMatching(/Too many requests/) });
  });
});
