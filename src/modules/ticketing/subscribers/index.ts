/**
 * Ticketing's subscribers. `subscribeTicketing(ctx, bus)` subscribes every
 * handler of the module on the bus (and its step of catalog's event
 * cancellation); the module calls it once when it is created:
 *
 *   subscribeTicketing(ctx, platform.bus);
 */
import type { EventBus } from '../../../platform/events/event-bus.js';
import type { TicketingContext } from '../ticketing.context.js';
import { LivePublisher } from '../live/live-publisher.js';
import { subscribeCancelledEvents } from './cancelled-event.subscriber.js';
import { subscribeLiveOrganizer } from './live-organizer.subscriber.js';
import { subscribeLiveUser } from './live-user.subscriber.js';
import { subscribeTicketMail } from './ticket-mail.subscriber.js';

export function subscribeTicketing(ctx: TicketingContext, bus: EventBus): void {
  subscribeCancelledEvents(ctx, bus);
  subscribeTicketMail(ctx, bus);
  const live = new LivePublisher(ctx.platform.realtime);
  subscribeLiveOrganizer(ctx, bus, live);
  subscribeLiveUser(ctx, bus, live);
}
