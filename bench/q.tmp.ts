import { loadConfig } from '../src/config.js';
import { createPlatform } from '../src/platform/platform.js';
const platform = await createPlatform(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }));
for (const q of process.argv.slice(2)) {
  const t = performance.now();
  const r = await platform.database.pool.query(q);
  console.log((performance.now() - t).toFixed(1), 'ms', JSON.stringify(r.rows.slice(0, 30)));
}
await platform.close();
