/**
 * Ending orders: cancellation by the buyer or the organizer, voiding with
 * refund records, expiry of unpaid orders, and the cascade when an event is
 * cancelled. Checkout, payment and the order view are in orders.service.ts.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/database.js';
import { AppError } from '../../platform/http/errors.js';
import type { Principal } from '../../platform/http/principal.js';
import { announceAvailability, releaseHeld, unsellSold } from './seat-movements.js';
import { closeWaitlist } from './waitlist.repository.js';
import type { TicketingContext } from './ticketing.context.js';
import { ticketingEvents, TICKETING_EVENTS } from './ticketing.events.js';
import { expireUnpaidOrderJob, sendRefundJob } from './jobs/queued-jobs.js';
import {
  findOrder,
  itemsOf,
  liveOfEvent,
  markReservations,
  type OrderRow,
} from './ticketing.repository.js';
import {
  canAttendeeCancel,
  cancellationDeadline,
  isLiveOrder,
  refundAmount,
} from './ticketing.rules.js';
import { orders, refunds, tickets } from './ticketing.tables.js';
import { linesOf, orderFor, orderView, seatsOfOrder, type OrderView } from './orders.service.js';
import { TICKETING_ERRORS } from './ticketing.errors.js';

/**
 * Cancels an order: the buyer until the cancellation deadline, the organizer
 * (manager and up) at any time. Seats return (to the waitlist first), tickets
 * are voided, and money received gets a refund record.
 */
export async function cancelOrder(
  ctx: TicketingContext,
  principal: Principal,
  orderId: string,
): Promise<OrderView> {
  return ctx.platform.database.transaction(async (tx) => {
    const { order, isTeam } = await orderFor(ctx, tx, principal, orderId, {
      forUpdate: true,
      teamRole: 'manager',
    });
    if (!isLiveOrder(order.status)) {
      throw new AppError(
        TICKETING_ERRORS.orderNotCancellable,
        409,
        `The order is already ${order.status}.`,
      );
    }
    if (!isTeam) await assertAttendeeMayCancel(ctx, tx, order.eventId);
    const seats = await seatsOfOrder(tx, order);
    await voidOrder(ctx, tx, order, principal.userId, isTeam ? 'organizer' : 'buyer', 'cancelled');
    if (order.status === 'confirmed') await unsellSold(ctx, tx, order.eventId, seats);
    else await releaseHeld(ctx, tx, order.eventId, seats);
    return orderView(tx, (await findOrder(tx, order.id))!);
  });
}

/** Attendees cancel only until the event's cancellation deadline (organizers at any time). */
export async function assertAttendeeMayCancel(
  ctx: TicketingContext,
  tx: Executor,
  eventId: number,
): Promise<void> {
  const event = await ctx.catalog.getEventForSale(tx, eventId);
  const deadline = cancellationDeadline(
    event?.firstStartsAt ?? null,
    ctx.settings.cancellationDeadlineHours,
  );
  if (!canAttendeeCancel(new Date(), deadline)) {
    throw new AppError(
      TICKETING_ERRORS.cancellationClosed,
      409,
      `Cancellation was possible until ${deadline!.toISOString()}; ask the organizer.`,
      { deadline: deadline!.toISOString() },
    );
  }
}

/**
 * Records money to give back: once for an order, or once per ticket
 * (`ticketId`); nothing when the amount is zero, and a repeat adds nothing.
 * When the order's payment provider can pay back by itself, a job asks it
 * to after commit; otherwise the organizer marks the refund completed.
 */
export async function recordRefund(
  ctx: TicketingContext,
  tx: Tx,
  order: OrderRow,
  refund: { ticketId?: string; amountMinor: number; reason: string },
): Promise<void> {
  if (refund.amountMinor <= 0) return;
  const [written] = await tx
    .insert(refunds)
    .values({ ...refund, orderId: order.id, currency: order.currency, status: 'pending' })
    .onConflictDoNothing()
    .returning({ id: refunds.id });
  if (written && ctx.payments[order.paymentMethod]?.refund)
    await ctx.platform.jobs.send(sendRefundJob, { refundId: written.id }, { tx });
}

/**
 * Marks a locked order cancelled or expired, voids its tickets, records the
 * refund of what was paid and not yet refunded, announces it.
 */
export async function voidOrder(
  ctx: TicketingContext,
  tx: Tx,
  order: OrderRow,
  by: string | null,
  reason: string,
  status: 'cancelled' | 'expired',
): Promise<void> {
  const now = new Date();
  await tx
    .update(orders)
    .set({ status, cancelledAt: now, cancelledBy: by, cancelReason: reason, updatedAt: now })
    .where(eq(orders.id, order.id));
  await tx
    .update(tickets)
    .set({ status: 'cancelled', updatedAt: now })
    .where(eq(tickets.orderId, order.id));
  const [refunded] = await tx
    .select({ sum: sql<number>`coalesce(sum(${refunds.amountMinor}), 0)::int`.mapWith(Number) })
    .from(refunds)
    .where(eq(refunds.orderId, order.id));
  const amount = refundAmount(order, refunded?.sum ?? 0);
  await recordRefund(ctx, tx, order, { amountMinor: amount, reason });
  await ticketingEvents.emit(tx, TICKETING_EVENTS.orderCancelled, {
    orderId: order.id,
    eventId: order.eventId,
    userId: order.userId,
    status,
    reason,
    refundMinor: amount,
  });
}

/** The unpaid-order job: an offline order still pending at its due time expires and frees its seats. */
export async function expireUnpaidOrder(ctx: TicketingContext, orderId: string): Promise<void> {
  await ctx.platform.database.transaction(async (tx) => {
    const order = await findOrder(tx, orderId, { forUpdate: true });
    if (!order || order.status !== 'pending_payment' || !order.paymentDueAt) return;
    if (order.paymentDueAt.getTime() > Date.now()) {
      await ctx.platform.jobs.send(
        expireUnpaidOrderJob,
        { orderId },
        { tx, startAfter: order.paymentDueAt },
      );
      return;
    }
    await voidOrder(ctx, tx, order, null, 'payment_overdue', 'expired');
    await releaseHeld(ctx, tx, order.eventId, await linesOf(tx, order.id));
  });
}

/**
 * The catalogue cancelled an event: every live order is cancelled (refund
 * records for money received) and every active hold released, in the
 * relay's transaction so a redelivery finds nothing left to do. Seats are
 * moved per ticket type in id order, one UPDATE each, so this cannot
 * deadlock with buyers.
 */
export async function cancelEventOrders(
  ctx: TicketingContext,
  tx: Tx,
  eventId: number,
): Promise<void> {
  const { orderIds, reservationIds } = await liveOfEvent(tx, eventId);
  const toUnsell = new Map<number, number>();
  const toRelease = new Map<number, number>();
  const add = (map: Map<number, number>, id: number, q: number) =>
    map.set(id, (map.get(id) ?? 0) + q);
  if (orderIds.length) {
    const live = await tx.select().from(orders).where(inArray(orders.id, orderIds));
    for (const order of live) {
      for (const seat of await seatsOfOrder(tx, order)) {
        add(order.status === 'confirmed' ? toUnsell : toRelease, seat.ticketTypeId, seat.quantity);
      }
      await voidOrder(ctx, tx, order, null, 'event_cancelled', 'cancelled');
    }
  }
  for (const id of reservationIds) {
    for (const item of await itemsOf(tx, id)) add(toRelease, item.ticketTypeId, item.quantity);
  }
  await markReservations(tx, reservationIds, 'released');
  // Offers not yet claimed end with the waiting entries, as cancelled; their owners are told.
  const closed = await closeWaitlist(tx, eventId);
  if (closed.length) {
    const users = new Map<string, boolean>();
    for (const e of closed) users.set(e.userId, (users.get(e.userId) ?? false) || e.wasOffered);
    await ticketingEvents.emit(tx, TICKETING_EVENTS.waitlistClosed, {
      eventId,
      users: [...users].map(([userId, hadOffer]) => ({ userId, hadOffer })),
    });
  }
  const typeIds = [...new Set([...toUnsell.keys(), ...toRelease.keys()])].sort((a, b) => a - b);
  for (const id of typeIds) {
    if (toUnsell.get(id)) await ctx.catalog.inventory.unsell(tx, id, toUnsell.get(id)!);
    if (toRelease.get(id)) await ctx.catalog.inventory.release(tx, id, toRelease.get(id)!);
  }
  if (typeIds.length) await announceAvailability(ctx, tx, eventId, typeIds);
}
