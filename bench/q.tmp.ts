import { sql } from 'drizzle-orm';
import { loadConfig } from '../src/config.js';
import { createPlatform } from '../src/platform/platform.js';
import { pageQuery } from '../src/modules/catalog/discovery.query.js';
import { loadEventViews } from '../src/modules/catalog/events.repository.js';
const platform = await createPlatform(loadConfig({ ...process.env, LOG_LEVEL: 'silent' }));
const db = platform.database.db;
const q = pageQuery({ publicOnly: true, upcoming: true, categories: ['concert'], city: 'Berlin', maxPrice: 5000 }, [{ field: 'startsAt', direction: 'asc' }], { limit: 20, offset: 0 });
for (let i = 0; i < 2; i++) {
  const r = await db.execute(sql`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${q}`);
  if (i === 1) console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n'));
}
for (let i = 0; i < 3; i++) { const t = performance.now(); await loadEventViews(db, [99990]); console.log('view', (performance.now() - t).toFixed(1)); }
const t = performance.now(); await loadEventViews(db, Array.from({ length: 20 }, (_, i) => 99000 + i)); console.log('20 views', (performance.now() - t).toFixed(1));
await platform.close();
