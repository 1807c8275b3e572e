import type { EventBus } from '../../../platform/events/event-bus.js';
import { TICKETING_EVENTS } from '../../ticketing/index.js';
import type { CommunityService } from '../community.service.js';

/**
 * What community reads of ticketing's order events. Ticketing's door does not
 * export their payload types yet (OrderConfirmedPayload, OrderCancelledPayload):
 * replace these with them once it does.
 */
interface OrderConfirmed {
  orderId: string;
  eventId: number;
  userId: string | null;
  tickets: number;
}
interface OrderCancelled {
  orderId: string;
}

/** Tickets sold feed popularity and "your purchases"; a cancelled order stops counting. */
export function subscribePurchases(
  bus: EventBus,
  community: Pick<CommunityService, 'recordPurchase' | 'forgetPurchase'>,
): void {
  bus.subscribe<OrderConfirmed | OrderCancelled>(
    'community.purchases',
    [TICKETING_EVENTS.orderConfirmed, TICKETING_EVENTS.orderCancelled],
    async (event, tx) => {
      if (event.name === TICKETING_EVENTS.orderCancelled)
        return community.forgetPurchase(tx, event.payload.orderId);
      const p = event.payload as OrderConfirmed;
      await community.recordPurchase(tx, {
        orderId: p.orderId,
        userId: p.userId,
        eventId: p.eventId,
        quantity: p.tickets,
        at: event.occurredAt,
      });
    },
  );
}
