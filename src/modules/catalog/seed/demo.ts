import { sql } from 'drizzle-orm';
import type { Platform } from '../../../platform/platform.js';
import { createOrganizerProfile, createUserAccount } from '../../identity/index.js';
import { generateEvents, isCatalogEmpty, seedSampleCatalog } from './seed.js';

/** Demo accounts: for trying the API locally, printed when seeded. */
const DEMO_ACCOUNTS = {
  organizer: {
    name: 'Dana Organizer',
    email: 'organizer@example.com',
    password: 'marquee-demo-organizer',
  },
  attendee: {
    name: 'Alex Attendee',
    email: 'attendee@example.com',
    password: 'marquee-demo-attendee',
  },
};

export interface DemoSeedResult {
  seeded: boolean;
  events: number;
  credentials: { role: string; email: string; password: string }[];
}

/**
 * Seeds a demo organizer (with its owner account), a demo attendee and the
 * sample catalogue, once: a catalogue that has events is left alone.
 */
export async function seedDemo(platform: Platform): Promise<DemoSeedResult> {
  if (!(await isCatalogEmpty(platform.database))) {
    return { seeded: false, events: 0, credentials: [] };
  }
  const owner = await createUserAccount(platform, {
    ...DEMO_ACCOUNTS.organizer,
    roles: ['organizer'],
    emailVerified: true,
  });
  await createUserAccount(platform, { ...DEMO_ACCOUNTS.attendee, emailVerified: true });
  const organizer = await createOrganizerProfile(platform, owner.id, {
    name: 'Marquee Demo Events',
    description: 'Sample events for trying Marquee.',
  });
  const ids = await seedSampleCatalog(
    platform.database,
    organizer,
    owner.id,
    platform.config.publicBaseUrl,
  );
  return {
    seeded: true,
    events: ids.length,
    credentials: Object.entries(DEMO_ACCOUNTS).map(([role, a]) => ({
      role,
      email: a.email,
      password: a.password,
    })),
  };
}

/**
 * Adds `count` generated events for load tests, owned by the first known
 * organizer; on an empty database the demo data is seeded first to own them.
 */
export async function seedGenerated(platform: Platform, count: number): Promise<void> {
  const firstOrganizer = async () =>
    (
      await platform.database.db.execute<{ id: string; name: string }>(
        sql`SELECT id, name FROM catalog_organizers ORDER BY updated_at LIMIT 1`,
      )
    ).rows[0];
  let organizer = await firstOrganizer();
  if (!organizer) {
    await seedDemo(platform);
    organizer = await firstOrganizer();
  }
  if (!organizer)
    throw new Error('No organizer to own generated events: run `npm run seed` first.');
  await generateEvents(platform.database, organizer, count);
}
