import type { EventBus } from '../../../platform/events/event-bus.js';
import {
  TICKETING_EVENTS,
  type OrderCancelledPayload,
  type OrderConfirmedPayload,
} from '../../ticketing/index.js';
import type { CommunityService } from '../community.service.js';

/** Tickets sold feed popularity and "your purchases"; a cancelled order stops counting. */
export function subscribePurchases(
  bus: EventBus,
  community: Pick<CommunityService, 'recordPurchase' | 'forgetPurchase'>,
): void {
  bus.subscribe<OrderConfirmedPayload | OrderCancelledPayload>(
    'community.purchases',
    [TICKETING_EVENTS.orderConfirmed, TICKETING_EVENTS.orderCancelled],
    async (event, tx) => {
      if (event.name === TICKETING_EVENTS.orderCancelled)
        return community.forgetPurchase(tx, event.payload.orderId);
      const p = event.payload as OrderConfirmedPayload;
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
