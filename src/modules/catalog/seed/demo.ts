import type { Platform } from '../../../platform/platform.js';
import { generateEvents, isCatalogEmpty, seedSampleCatalog, type SeedOrganizer } from './seed.js';

/** The demo organizer every seeded event belongs to. */
export const DEMO_ORGANIZER: SeedOrganizer = {
  id: '0d3c8f0e-5d1a-4c7e-9a51-2f6f3b9c1a01',
  name: 'Marquee Demo Events',
};

export interface DemoSeedResult {
  seeded: boolean;
  events: number;
  credentials: { role: string; email: string; password: string }[];
}

/** Seeds the sample catalogue once (a catalogue that has events is left alone). */
export async function seedDemo(platform: Platform): Promise<DemoSeedResult> {
  if (!(await isCatalogEmpty(platform.database))) {
    return { seeded: false, events: 0, credentials: [] };
  }
  const ids = await seedSampleCatalog(platform.database, DEMO_ORGANIZER);
  return { seeded: true, events: ids.length, credentials: [] };
}

/** Adds `count` generated events for load tests. */
export async function seedGenerated(platform: Platform, count: number): Promise<void> {
  await generateEvents(platform.database, DEMO_ORGANIZER, count);
}
