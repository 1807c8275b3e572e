import type { EventForSale } from '../../catalog/index.js';
import { availabilityStatus, type AvailabilityStatus } from '../ticketing.rules.js';

/** One ticket type's live numbers, as watchers of an event's availability see them. */
export interface TicketTypeAvailability {
  id: number;
  name: string;
  capacity: number;
  sold: number;
  held: number;
  available: number;
  status: AvailabilityStatus;
}

/** The whole availability of an event: every message carries all of it (a `state` channel). */
export interface EventAvailability {
  eventId: number;
  /** The event's own status: a cancelled or completed event sells nothing, whatever its numbers say. */
  eventStatus: EventForSale['status'];
  /** Whether tickets can be bought at all (a published event). */
  onSale: boolean;
  ticketTypes: TicketTypeAvailability[];
  /** When the numbers were read (ISO 8601). */
  at: string;
}

/** The message type on the channel and on the stream. */
export const AVAILABILITY_MESSAGE = 'availability';

/** The event's availability from its live counters, read at `at`. */
export function availabilityOf(event: EventForSale, at: Date): EventAvailability {
  return {
    eventId: event.id,
    eventStatus: event.status,
    onSale: event.status === 'published',
    ticketTypes: event.ticketTypes.map((t) => {
      // A capacity cut below sold + held leaves nothing to sell, not a negative number.
      const available = Math.max(0, t.available);
      return {
        id: t.id,
        name: t.name,
        capacity: t.capacity,
        sold: t.sold,
        held: t.held,
        available,
        status: availabilityStatus(t.capacity, available),
      };
    }),
    at: at.toISOString(),
  };
}
