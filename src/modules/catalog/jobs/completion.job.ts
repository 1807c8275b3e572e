import { sql } from 'drizzle-orm';
import { defineJob } from '../../../platform/jobs/jobs.js';
import type { Platform } from '../../../platform/platform.js';
import { CATALOG_EVENTS, catalogEvents } from '../catalog.events.js';
import { eventChanged } from '../events/event-cache.js';

/** Marks published events whose last occurrence ended an hour ago as completed. */
export function completionJob(platform: Platform) {
  return defineJob<Record<string, never>>({
    name: 'catalog.complete-past-events',
    schedule: '*/15 * * * *',
    handle: async () => {
      const ids = await platform.database.transaction(async (tx) => {
        const rows = await tx.execute<{ id: number }>(sql`
          UPDATE events SET status = 'completed', version = version + 1, updated_at = now()
           WHERE status = 'published' AND last_ends_at < now() - interval '1 hour'
          RETURNING id`);
        for (const { id } of rows.rows) {
          await catalogEvents.emit(tx, CATALOG_EVENTS.eventCompleted, { eventId: id });
        }
        return rows.rows.map((r) => r.id);
      });
      ids.forEach(eventChanged);
    },
  });
}
