import { beforeAll, expect } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import {
  addOrganizerMember,
  createOrganizer,
  createUser,
} from '../../../../test/fixtures/identity.js';

/**
 * The shared setup of the catalogue's API tests: an app (small image limit),
 * an organizer with owner, manager and staff, an outsider, an attendee and an
 * admin, and a complete draft body.
 */
export const ctx = await useTestApp({ MEDIA_MAX_BYTES: '4096' });
export const { app, platform } = ctx;

export type User = Awaited<ReturnType<typeof createUser>>;
export let owner: User;
export let manager: User;
export let staff: User;
export let outsider: User;
export let attendee: User;
export let admin: User;
export let organizer: { id: string; name: string };

export const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

beforeAll(async () => {
  owner = await createUser(ctx, { roles: ['organizer'] });
  manager = await createUser(ctx, { roles: ['organizer'] });
  staff = await createUser(ctx, { roles: ['organizer'] });
  outsider = await createUser(ctx, { roles: ['organizer'] });
  attendee = await createUser(ctx, { roles: ['attendee'] });
  admin = await createUser(ctx, { roles: ['admin'] });
  organizer = await createOrganizer(ctx, owner, { name: 'Harbour Nights' });
  await addOrganizerMember(ctx, organizer.id, manager.id, 'manager');
  await addOrganizerMember(ctx, organizer.id, staff.id, 'staff');
  await createOrganizer(ctx, outsider, { name: 'Other Org' });
  await platform.relay.drain();
});

export const draftBody = () => ({
  organizerId: organizer.id,
  title: 'Harbour jazz',
  category: 'concert',
  tags: ['Jazz', ' Live Music '],
  timeZone: 'Europe/Athens',
  occurrences: [
    {
      startsAt: future(10),
      city: 'Athens',
      venueName: 'Pier 1',
      latitude: 37.94,
      longitude: 23.64,
    },
  ],
  ticketTypes: [{ name: 'GA', priceMinor: 2000, currency: 'EUR', capacity: 100 }],
});

export async function createDraft(user: User = manager, body: object = draftBody()) {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: user.headers,
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res;
}
