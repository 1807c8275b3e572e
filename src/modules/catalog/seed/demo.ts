import { sql } from 'drizzle-orm';
import type { Platform } from '../../../platform/platform.js';
import type { IdentityApi } from '../../identity/index.js';
import { generateEvents, isCatalogEmpty, seedSampleCatalog } from './seed.js';

/** Demo accounts: for trying the API locally (NODE_ENV=development only), printed when seeded. */
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

/**
 * Who owns the sample events outside development: an account without a
 * password at an address no mail reaches, so nobody can sign in as it.
 */
const SAMPLE_OWNER = { name: 'Marquee Samples', email: 'sample-events@marquee.invalid' };

export interface DemoSeedResult {
  seeded: boolean;
  events: number;
  credentials: { role: string; email: string; password: string }[];
}

/**
 * Seeds the sample catalogue once (a catalogue that has events is left alone).
 * In development it belongs to a demo organizer account and a demo attendee
 * comes with it, both with the known passwords above; anywhere else known
 * credentials would be an open door, so the events belong to an account
 * nobody can sign in as, and production logs a warning that samples are live.
 */
export async function seedDemo(
  platform: Platform,
  identity: Pick<IdentityApi, 'createUserAccount' | 'insertAccount' | 'createOrganizerProfile'>,
): Promise<DemoSeedResult> {
  if (!(await isCatalogEmpty(platform.database))) {
    return { seeded: false, events: 0, credentials: [] };
  }
  const { config, database, log } = platform;
  const withDemoAccounts = config.nodeEnv === 'development';
  const owner = withDemoAccounts
    ? await identity.createUserAccount({
        ...DEMO_ACCOUNTS.organizer,
        roles: ['organizer'],
        emailVerified: true,
      })
    : await database.transaction((tx) =>
        identity.insertAccount(tx, {
          ...SAMPLE_OWNER,
          passwordHash: null,
          roles: ['organizer'],
          emailVerified: true,
          system: true,
        }),
      );
  if (withDemoAccounts) {
    await identity.createUserAccount({ ...DEMO_ACCOUNTS.attendee, emailVerified: true });
  }
  const organizer = await identity.createOrganizerProfile(owner.id, {
    name: 'Marquee Demo Events',
    description: 'Sample events for trying Marquee.',
  });
  const ids = await seedSampleCatalog(database, organizer, owner.id, config.publicBaseUrl);
  if (config.isProduction) {
    log.warn(
      { events: ids.length },
      'sample events were loaded into a production database (SEED=true on an empty catalogue); no demo accounts were created. Delete them or start with SEED=false',
    );
  }
  return {
    seeded: true,
    events: ids.length,
    credentials: withDemoAccounts
      ? Object.entries(DEMO_ACCOUNTS).map(([role, a]) => ({
          role,
          email: a.email,
          password: a.password,
        }))
      : [],
  };
}

/**
 * Adds `count` generated events for load tests, owned by the first known
 * organizer; on an empty database the demo data is seeded first to own them.
 */
export async function seedGenerated(
  platform: Platform,
  identity: Parameters<typeof seedDemo>[1],
  count: number,
): Promise<void> {
  const firstOrganizer = async () =>
    (
      await platform.database.db.execute<{ id: string; name: string }>(
        sql`SELECT id, name FROM catalog_organizers ORDER BY updated_at LIMIT 1`,
      )
    ).rows[0];
  let organizer = await firstOrganizer();
  if (!organizer) {
    await seedDemo(platform, identity);
    organizer = await firstOrganizer();
  }
  if (!organizer)
    throw new Error('No organizer to own generated events: run `npm run seed` first.');
  await generateEvents(platform.database, organizer, count);
}
