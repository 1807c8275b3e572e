import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { createEventDirect } from '../../../test/fixtures/catalog.js';
import { createPublishedEvent } from '../../../test/fixtures/community.js';
import { createUser } from '../../../test/fixtures/identity.js';
import { outboxAfter, outboxMark } from '../../../test/fixtures/outbox.js';
import { payloadMismatch } from '../../platform/events/event-catalogue.js';
import { CATALOG_EVENTS } from './catalog.events.js';
import { completionJob } from './jobs/completion.job.js';

/** Every outbox event the catalogue's flows record matches its declared payload. */
const ctx = await useTestApp();
const { app, platform } = ctx;
const { db } = platform.database;

describe('catalogue events', () => {
  it('records payloads that match catalog.events.ts, for every event it publishes', async () => {
    const last = await outboxMark(db);
    const admin = await createUser(ctx, { roles: ['admin'] });
    const event = (inDays: number) =>
      createPublishedEvent(ctx, admin, { category: 'concert', title: 'Payloads', inDays });
    const cancelled = await event(10);
    const withReason = await event(11);
    const deleted = await event(12);
    for (const [id, payload] of [
      [cancelled, null],
      [withReason, { reason: 'Storm' }],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url: `/v1/events/${id}/cancel`,
        headers: admin.headers,
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const removed = await app.inject({
      method: 'DELETE',
      url: `/v1/events/${deleted}`,
      headers: admin.headers,
    });
    expect(removed.statusCode, removed.body).toBe(204);
    await createEventDirect(ctx, {
      occurrences: [{ startsAt: new Date(Date.now() - 5 * 3_600_000), hours: 2 }],
    });
    await completionJob(ctx.modules.catalog.context).handle({}, { id: 'test' });

    const rows = await outboxAfter(db, last, 'catalog.');
    expect(new Set(rows.map((r) => r.name))).toEqual(new Set(Object.values(CATALOG_EVENTS)));
    for (const row of rows) expect(payloadMismatch(row.name, row.payload)).toBeUndefined();
  });
});
