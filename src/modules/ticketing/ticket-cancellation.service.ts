import { and, count, eq } from 'drizzle-orm';
import { AppError, notFound } from '../../platform/http/errors.js';
import type { Principal } from '../../platform/http/principal.js';
import { assertAttendeeMayCancel, recordRefund, voidOrder } from './order-cancellation.service.js';
import { lockOrderOfPart, orderView } from './orders.service.js';
import { unsellSold } from './seat-movements.js';
import type { TicketingContext } from './ticketing.context.js';
import { ticketingEvents, TICKETING_EVENTS } from './ticketing.events.js';
import { findOrder } from './ticketing.repository.js';
import { ticketRefundAmount } from './ticketing.rules.js';
import { orderLines, tickets } from './ticketing.tables.js';
import { TICKETING_ERRORS } from './ticketing.errors.js';

const ticketNotFound = () => notFound('Ticket', TICKETING_ERRORS.ticketNotFound);

/**
 * Cancels one ticket of a confirmed order: the buyer until the cancellation
 * deadline, the organizer (manager and up) at any time. Its seat returns to
 * sale (the waitlist first), a paid ticket gets a refund record for its
 * price, and the order is cancelled with its last valid ticket. Returns the
 * order as it now stands.
 */
export async function cancelTicket(ctx: TicketingContext, principal: Principal, ticketId: string) {
  return ctx.platform.database.transaction(async (tx) => {
    const [seen] = await tx
      .select({ orderId: tickets.orderId })
      .from(tickets)
      .where(eq(tickets.id, ticketId));
    if (!seen) throw ticketNotFound();
    // The order first, then its ticket: the lock order of order-wide cancellation.
    const { order, isTeam } = await lockOrderOfPart(
      ctx,
      tx,
      principal,
      seen.orderId,
      ticketNotFound,
    );
    const [ticket] = await tx.select().from(tickets).where(eq(tickets.id, ticketId)).for('update');
    // Tickets exist only for confirmed orders and are voided with them.
    if (ticket!.status !== 'valid' || order.status !== 'confirmed') {
      throw new AppError(
        TICKETING_ERRORS.ticketNotCancellable,
        409,
        'This ticket is already cancelled.',
        {
          ticketId,
        },
      );
    }
    if (!isTeam) await assertAttendeeMayCancel(ctx, tx, order.eventId);

    const by = isTeam ? 'organizer' : 'buyer';
    const now = new Date();
    await tx
      .update(tickets)
      .set({ status: 'cancelled', updatedAt: now })
      .where(eq(tickets.id, ticketId));
    const [line] = await tx
      .select({ unitPriceMinor: orderLines.unitPriceMinor })
      .from(orderLines)
      .where(
        and(eq(orderLines.orderId, order.id), eq(orderLines.ticketTypeId, ticket!.ticketTypeId)),
      );
    const amount = ticketRefundAmount(order, line?.unitPriceMinor ?? 0);
    await recordRefund(ctx, tx, order, { ticketId, amountMinor: amount, reason: by });
    await ticketingEvents.emit(tx, TICKETING_EVENTS.ticketCancelled, {
      ticketId,
      orderId: order.id,
      eventId: order.eventId,
      userId: order.userId,
      ticketTypeId: ticket!.ticketTypeId,
      by,
      refundMinor: amount,
    });
    const [left] = await tx
      .select({ n: count() })
      .from(tickets)
      .where(and(eq(tickets.orderId, order.id), eq(tickets.status, 'valid')));
    // Nothing left to attend: the order is cancelled too (nothing more to refund).
    if ((left?.n ?? 0) === 0) await voidOrder(ctx, tx, order, principal.userId, by, 'cancelled');
    await unsellSold(ctx, tx, order.eventId, [{ ticketTypeId: ticket!.ticketTypeId, quantity: 1 }]);
    return orderView(tx, (await findOrder(tx, order.id))!);
  });
}
