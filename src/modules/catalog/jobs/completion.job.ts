import { sql } from 'drizzle-orm';
import { defineJob } from '../../../platform/jobs/jobs.js';
import { CATALOG_EVENTS, catalogEvents } from '../catalog.events.js';
import type { CatalogContext } from '../catalog.context.js';

/** Marks published events whose last occurrence ended an hour ago as completed. */
export function completionJob(ctx: CatalogContext) {
  return defineJob<Record<string, never>>({
    name: 'catalog.complete-past-events',
    schedule: '*/15 * * * *',
    handle: async () => {
      const ids = await ctx.platform.database.transaction(async (tx) => {
        const rows = await tx.execute<{ id: number }>(sql`
          UPDATE catalog_events SET status = 'completed', version = version + 1, updated_at = now()
           WHERE status = 'published' AND last_ends_at < now() - interval '1 hour'
          RETURNING id`);
        for (const { id } of rows.rows) {
          await catalogEvents.emit(tx, CATALOG_EVENTS.eventCompleted, { eventId: id });
        }
        return rows.rows.map((r) => r.id);
      });
      ids.forEach((id) => ctx.cache.invalidate(id));
    },
  });
}
