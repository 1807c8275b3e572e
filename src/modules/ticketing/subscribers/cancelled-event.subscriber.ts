import type { EventBus } from '../../../platform/events/event-bus.js';
import { CATALOG_EVENTS, type EventCancelledPayload } from '../../catalog/index.js';
import { cancelEventOrders } from '../order-cancellation.service.js';
import type { TicketingContext } from '../ticketing.context.js';

/**
 * A cancelled event's orders are cancelled (and refunded) in the
 * cancellation's own transaction, so its answer shows the seats given back;
 * the bus subscriber then finds nothing left (and serves cancellations
 * recorded before this step existed).
 */
export function subscribeCancelledEvents(ctx: TicketingContext, bus: EventBus): void {
  ctx.catalog.onEventCancelling((tx, eventId) => cancelEventOrders(ctx, tx, eventId));
  bus.subscribe<EventCancelledPayload>(
    'ticketing.cancel-orders-of-cancelled-event',
    [CATALOG_EVENTS.eventCancelled],
    (event, tx) => cancelEventOrders(ctx, tx, event.payload.eventId),
  );
}
