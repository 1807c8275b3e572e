/**
 * Completing refunds: the organizer marks money given back by hand (offline
 * payments), or the order's payment provider gives it back and the refund
 * completes when it answers. Refunds are recorded by the cancellations
 * (order-cancellation.service.ts, ticket-cancellation.service.ts).
 */
import { eq } from 'drizzle-orm';
import type { Tx } from '../../platform/db/database.js';
import { AppError, forbidden, notFound } from '../../platform/http/errors.js';
import type { Principal } from '../../platform/http/principal.js';
import { lockOrderOfPart, orderView, type OrderView } from './orders.service.js';
import type { TicketingContext } from './ticketing.context.js';
import { ticketingEvents, TICKETING_EVENTS } from './ticketing.events.js';
import { findOrder, type OrderRow } from './ticketing.repository.js';
import { refunds } from './ticketing.tables.js';
import { TICKETING_ERRORS } from './ticketing.errors.js';

type RefundRow = typeof refunds.$inferSelect;

const refundNotFound = () => notFound('Refund', TICKETING_ERRORS.refundNotFound);

const findRefund = async (db: Tx, id: string) => {
  const [row] = await db.select().from(refunds).where(eq(refunds.id, id)).for('update');
  return row;
};

/**
 * Marks a pending refund completed and records who, when, how and with what
 * reference (the refund row is the audit entry; the domain event tells the
 * buyer's side). The caller holds the refund's row lock.
 */
async function complete(
  tx: Tx,
  refund: RefundRow,
  order: OrderRow,
  by: { userId: string | null; via: 'organizer' | 'provider'; reference: string | null },
): Promise<void> {
  const now = new Date();
  await tx
    .update(refunds)
    .set({
      status: 'completed',
      completedAt: now,
      completedBy: by.userId,
      completedVia: by.via,
      reference: by.reference,
    })
    .where(eq(refunds.id, refund.id));
  await ticketingEvents.emit(tx, TICKETING_EVENTS.refundCompleted, {
    refundId: refund.id,
    orderId: order.id,
    eventId: order.eventId,
    userId: order.userId,
    ticketId: refund.ticketId,
    amountMinor: refund.amountMinor,
    currency: refund.currency,
    via: by.via,
    completedBy: by.userId,
  });
}

/**
 * The organizer (manager and up) says a refund was paid back (offline
 * payments). The buyer may see the refund but not mark it (403); anyone
 * else does not see it (404). Answers the order as it now stands.
 */
export async function completeRefund(
  ctx: TicketingContext,
  principal: Principal,
  refundId: string,
  body: { reference?: string } = {},
): Promise<OrderView> {
  return ctx.platform.database.transaction(async (tx) => {
    // The order first, then the refund: the lock order of the cancellations that write refunds.
    const [seen] = await tx
      .select({ orderId: refunds.orderId })
      .from(refunds)
      .where(eq(refunds.id, refundId));
    if (!seen) throw refundNotFound();
    const { order, isTeam } = await lockOrderOfPart(
      ctx,
      tx,
      principal,
      seen.orderId,
      refundNotFound,
    );
    if (!isTeam) throw forbidden("Only the organizer's managers can mark a refund completed.");
    const refund = (await findRefund(tx, refundId))!;
    if (refund.status !== 'pending') {
      throw new AppError(
        TICKETING_ERRORS.refundAlreadyCompleted,
        409,
        `This refund was completed at ${refund.completedAt?.toISOString() ?? 'an earlier time'}.`,
        { refundId, completedAt: refund.completedAt?.toISOString() ?? null },
      );
    }
    await complete(tx, refund, order, {
      userId: principal.userId,
      via: 'organizer',
      reference: body.reference?.trim() || null,
    });
    return orderView(tx, order);
  });
}

/**
 * The job behind a refund recorded for an order whose payment provider can
 * pay back: asks the provider (outside any transaction; the refund id is its
 * idempotency key, so a retried job is one refund), then completes it. A
 * refund completed meanwhile (by the organizer) is left as it is.
 */
export async function sendRefund(ctx: TicketingContext, refundId: string): Promise<void> {
  const { db } = ctx.platform.database;
  const [refund] = await db.select().from(refunds).where(eq(refunds.id, refundId));
  if (!refund || refund.status !== 'pending') return;
  const order = (await findOrder(db, refund.orderId))!;
  const provider = ctx.payments[order.paymentMethod];
  if (!provider?.refund) return;
  const { reference } = await provider.refund({
    refundId,
    orderId: order.id,
    amountMinor: refund.amountMinor,
    currency: refund.currency,
  });
  await ctx.platform.database.transaction(async (tx) => {
    const locked = await findOrder(tx, order.id, { forUpdate: true });
    const current = await findRefund(tx, refundId);
    if (!locked || current?.status !== 'pending') return;
    await complete(tx, current, locked, { userId: null, via: 'provider', reference });
  });
}
