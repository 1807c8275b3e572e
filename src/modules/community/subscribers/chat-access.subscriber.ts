import type { EventBus } from '../../../platform/events/event-bus.js';
import type { Realtime } from '../../../platform/realtime/realtime.types.js';
import {
  TICKETING_EVENTS,
  type OrderCancelledPayload,
  type TicketCancelledPayload,
} from '../../ticketing/index.js';
import { chatChannelKey } from '../chat/chat.context.js';

/**
 * A cancelled ticket or order can take away someone's right to read an
 * event's chat: the sockets subscribed to it are authorised again, on every
 * instance, and those now refused are unsubscribed. (Posting is checked on
 * every message anyway.)
 */
export function subscribeChatAccess(bus: EventBus, realtime: Pick<Realtime, 'reauthorize'>): void {
  bus.subscribe<OrderCancelledPayload | TicketCancelledPayload>(
    'community.chat.access',
    [TICKETING_EVENTS.orderCancelled, TICKETING_EVENTS.ticketCancelled],
    async (event) => {
      await realtime.reauthorize(chatChannelKey(event.payload.eventId));
    },
  );
}
