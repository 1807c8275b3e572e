import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import { createOrganizer, createUser } from '../../../../test/fixtures/identity.js';
import { waitForLockWaiters } from '../../../../test/fixtures/locks.js';

/**
 * The organizer's name reaches the catalogue through identity's event. A new
 * organizer's first event races that event's subscriber: the subscriber may
 * run while the event is being written, before its row is visible.
 */
const ctx = await useTestApp();
const { app, platform } = ctx;
const { db, pool } = platform.database;

const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

async function firstEventOfNewOrganizer(interleave: boolean) {
  const owner = await createUser(ctx, { roles: ['organizer'] });
  await platform.relay.drain();
  // identity.organizer.created is now in the outbox, not yet delivered.
  const organizer = await createOrganizer(ctx, owner, { name: 'Lantern Collective' });
  const blocker = await pool.connect();
  try {
    if (interleave) {
      // Holding the organizer row makes the event's insert (its foreign key) wait
      // after it has read the catalogue's organizer name.
      await blocker.query('BEGIN');
      await blocker.query('SELECT 1 FROM identity_organizers WHERE id = $1 FOR UPDATE', [
        organizer.id,
      ]);
    }
    const create = app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: owner.headers,
      payload: {
        organizerId: organizer.id,
        title: 'Lantern walk',
        category: 'other',
        occurrences: [{ startsAt: future(5), city: 'Patras' }],
      },
    });
    if (interleave) await waitForLockWaiters(db, 1);
    // The subscriber runs while the event is half-written (it finishes, or waits for the event).
    let delivered = false;
    const delivery = platform.relay.drain().finally(() => {
      delivered = true;
    });
    if (interleave) {
      await waitForLockWaiters(db, 2, () => delivered);
      await blocker.query('COMMIT');
    }
    const created = await create;
    await delivery;
    expect(created.statusCode, created.body).toBe(201);
    await platform.relay.drain();
    const read = await app.inject({
      url: `/v1/events/${created.json().data.id}`,
      headers: owner.headers,
    });
    return read.json().data.organizer.name as string;
  } finally {
    blocker.release();
  }
}

describe("a new organizer's first event", () => {
  it('keeps the name when the name subscriber runs while the event is written', async () => {
    expect(await firstEventOfNewOrganizer(true)).toBe('Lantern Collective');
  });

  it('keeps it when creation and delivery simply run at once (no forced order)', async () => {
    expect(await firstEventOfNewOrganizer(false)).toBe('Lantern Collective');
  });
});
