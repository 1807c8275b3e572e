import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { createPlatform } from '../platform/platform.js';
import { composeModules } from '../app.js';

/**
 * `npm run seed`: the sample catalogue with demo accounts (once).
 * `npm run seed -- --events 100000`: adds that many generated events for benchmarks.
 */
const { values } = parseArgs({ options: { events: { type: 'string' } } });
const count = values.events === undefined ? undefined : Number(values.events);
if (count !== undefined && (!Number.isInteger(count) || count < 1 || count > 5_000_000)) {
  console.error('--events must be an integer between 1 and 5000000');
  process.exit(1);
}
const config = loadConfig();
const platform = await createPlatform({ ...config, logLevel: 'warn' });
try {
  const { catalog } = await composeModules(platform);
  if (count !== undefined) {
    const started = performance.now();
    await catalog.api.seedGenerated(count);
    console.log(`Generated ${count} events in ${Math.round(performance.now() - started)} ms.`);
  } else {
    const result = await catalog.api.seedDemo();
    if (!result.seeded) console.log('The catalogue already has events; nothing seeded.');
    else {
      console.log(`Seeded ${result.events} sample events.`);
      for (const c of result.credentials) console.log(`  ${c.role}: ${c.email} / ${c.password}`);
    }
  }
} finally {
  await platform.close();
}
