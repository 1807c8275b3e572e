import { sql } from 'drizzle-orm';
import type { Platform } from '../../../platform/platform.js';
import { createOrganizerProfile, createUserAccount } from '../../identity/index.js';
import { generateEvents, isCatalogEmpty, seedSampleCatalog, type SeedOrganizer } from './seed.js';

/** Used by the generator when no organizer was seeded before it. */
const FALLBACK_ORGANIZER: SeedOrganizer = {
  id: '0d3c8f0e-5d1a-4c7e-9a51-2f6f3b9c1a01',
  name: 'Marquee Demo Events',
};

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
  const ids = await seedSampleCatalog(platform.database, organizer, owner.id);
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

/** Adds `count` generated events for load tests, owned by the first known organizer. */
export async function seedGenerated(platform: Platform, count: number): Promise<void> {
  const known = await platform.database.db.execute<{ id: string; name: string }>(
    sql`SELECT id, name FROM catalog_organizers ORDER BY updated_at LIMIT 1`,
  );
  await generateEvents(platform.database, known.rows[0] ?? FALLBACK_ORGANIZER, count);
}
