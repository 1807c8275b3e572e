import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { createPublishedEvent } from '../../../test/fixtures/community.js';
import { createUser } from '../../../test/fixtures/identity.js';
import { outboxAfter, outboxMark } from '../../../test/fixtures/outbox.js';
import { payloadMismatch } from '../../platform/events/event-catalogue.js';
import { COMMUNITY_EVENTS } from './community.events.js';

/** Every outbox event community's flows record matches its declared payload. */
const ctx = await useTestApp();
const { app, platform } = ctx;
const { db } = platform.database;

describe('community events', () => {
  it('records payloads that match community.events.ts, for every event it publishes', async () => {
    const last = await outboxMark(db);
    const [admin, reader] = await Promise.all([
      createUser(ctx, { roles: ['admin'] }),
      createUser(ctx),
    ]);
    const id = await createPublishedEvent(ctx, admin, {
      category: 'concert',
      title: 'Saved',
      inDays: 10,
    });
    for (const method of ['PUT', 'DELETE'] as const) {
      const res = await app.inject({
        method,
        url: `/v1/me/favorites/${id}`,
        headers: reader.headers,
      });
      expect(res.statusCode, res.body).toBeLessThan(300);
    }

    const rows = await outboxAfter(db, last, 'community.');
    expect(rows.map((r) => r.name).sort()).toEqual(Object.values(COMMUNITY_EVENTS).sort());
    for (const row of rows) expect(payloadMismatch(row.name, row.payload)).toBeUndefined();
  });
});
