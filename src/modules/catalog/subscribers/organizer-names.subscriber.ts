import { eq, sql } from 'drizzle-orm';
import type { EventBus } from '../../../platform/events/event-bus.js';
import { IDENTITY_EVENTS, type OrganizerChangedPayload } from '../../identity/index.js';
import { catalogOrganizers, events } from '../catalog.tables.js';
import { refreshEvents } from '../events/events.repository.js';

/** Keeps the organizer's name beside its events, for display and search. */
export function subscribeOrganizerNames(bus: EventBus): void {
  bus.subscribe<OrganizerChangedPayload>(
    'catalog.organizer-names',
    [IDENTITY_EVENTS.organizerCreated, IDENTITY_EVENTS.organizerUpdated],
    async ({ payload }, tx) => {
      await tx
        .insert(catalogOrganizers)
        .values({ id: payload.organizerId, name: payload.name })
        .onConflictDoUpdate({
          target: catalogOrganizers.id,
          set: { name: payload.name, updatedAt: sql`now()` },
        });
      const changed = await tx
        .update(events)
        .set({ organizerName: payload.name })
        .where(eq(events.organizerId, payload.organizerId))
        .returning({ id: events.id });
      await refreshEvents(
        tx,
        changed.map((e) => e.id),
      );
    },
  );
}
