import type { TicketingContext } from '../ticketing.context.js';
import { assertCanWatch, channelEventId } from './availability.js';
import { AVAILABILITY_MESSAGE } from './availability-data.js';
import type { AvailabilityWatchers } from './availability-watchers.js';

/** The socket channel of an event's live availability. */
export const AVAILABILITY_CHANNEL = 'event:{id}:availability';

/**
 * Defines `event:{id}:availability`, a public `state` channel: every message
 * is the event's whole availability (per ticket type: capacity, sold, held,
 * available and its status), the first one a snapshot. This process watches
 * an event only while it has subscribers here, and sends each coalesced
 * change to its own subscribers (`publishLocal`): every instance hears the
 * catalogue's notifications and reads the numbers itself, so nothing is
 * fanned out or stored.
 */
export function defineAvailabilityChannel(
  ctx: TicketingContext,
  watchers: AvailabilityWatchers,
): void {
  const { realtime } = ctx.platform;
  const unwatch = new Map<string, () => void>();
  realtime.defineChannel({
    pattern: AVAILABILITY_CHANNEL,
    kind: 'state',
    isPublic: true,
    authorize: async (principal, { id }) => {
      await assertCanWatch(ctx, principal, channelEventId(id));
      return true;
    },
    snapshot: async ({ id }) => {
      const eventId = channelEventId(id);
      const hears = ctx.catalog.eventChangeMark(eventId) !== undefined;
      const data = await watchers.current(eventId, hears);
      return data ? { type: AVAILABILITY_MESSAGE, data } : null;
    },
    onActive: (key, { id }) => {
      unwatch.get(key)?.();
      unwatch.set(
        key,
        watchers.watch(channelEventId(id), (data) =>
          realtime.publishLocal(key, AVAILABILITY_MESSAGE, data),
        ),
      );
    },
    onIdle: (key) => {
      unwatch.get(key)?.();
      unwatch.delete(key);
    },
  });
}
