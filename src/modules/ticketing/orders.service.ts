import { and, asc, count, eq } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/database.js';
import { AppError, forbidden, invalidField, notFound } from '../../platform/http/errors.js';
import type { Principal } from '../../platform/http/principal.js';
import type { OrganizerRole } from '../identity/index.js';
import { paymentMethodRefused, type PaymentMethod } from './payments.js';
import { confirmHeld } from './seat-movements.js';
import { settleWaitlistOffer } from './waitlist.repository.js';
import { ownReservationForUpdate } from './reservations.service.js';
import { createTicketCode } from './ticket-codes.js';
import type { TicketingContext } from './ticketing.context.js';
import { ticketingEvents, TICKETING_EVENTS } from './ticketing.events.js';
import { expireUnpaidOrderJob } from './jobs/queued-jobs.js';
import {
  findOrder,
  itemsOf,
  lockUserBoughtSeats,
  markReservations,
  type OrderRow,
  type Seats,
} from './ticketing.repository.js';
import { assignAttendeeTypes, checkUserLimit, orderNumber, orderTotal } from './ticketing.rules.js';
import { orderLines, orders, refunds, tickets } from './ticketing.tables.js';
import { TICKETING_ERRORS } from './ticketing.errors.js';

export interface Attendee {
  name: string;
  email: string;
  /** The ticket type of this attendee's seat; without it, seats follow line order. */
  ticketTypeId?: number;
}

/** An order with its lines, tickets and refund, as its owner or organizer sees it. */
export async function orderView(db: Executor, order: OrderRow) {
  const lines = await db
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, order.id))
    .orderBy(asc(orderLines.ticketTypeId));
  const issued = await db
    .select({
      id: tickets.id,
      ticketTypeId: tickets.ticketTypeId,
      attendeeName: tickets.attendeeName,
      attendeeEmail: tickets.attendeeEmail,
      status: tickets.status,
    })
    .from(tickets)
    .where(eq(tickets.orderId, order.id))
    .orderBy(asc(tickets.createdAt), asc(tickets.id));
  const given = await db
    .select()
    .from(refunds)
    .where(eq(refunds.orderId, order.id))
    .orderBy(asc(refunds.createdAt), asc(refunds.id));
  const refundTotal = given.reduce((sum, r) => sum + r.amountMinor, 0);
  return {
    id: order.id,
    number: order.number,
    eventId: order.eventId,
    status: order.status,
    paymentMethod: order.paymentMethod,
    totalMinor: order.totalMinor,
    currency: order.currency,
    lines: lines.map((l) => ({
      ticketTypeId: l.ticketTypeId,
      name: l.name,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
    })),
    attendees: order.attendees,
    tickets: issued,
    paymentDueAt: order.paymentDueAt?.toISOString() ?? null,
    paidAt: order.paidAt?.toISOString() ?? null,
    cancelledAt: order.cancelledAt?.toISOString() ?? null,
    // Refunds of single tickets and of the order itself, summed.
    refund:
      given.length > 0
        ? {
            amountMinor: refundTotal,
            currency: order.currency,
            status: given.some((r) => r.status === 'pending') ? 'pending' : 'completed',
          }
        : null,
    refunds: given.map((r) => ({
      id: r.id,
      ticketId: r.ticketId,
      amountMinor: r.amountMinor,
      currency: r.currency,
      status: r.status,
      completedAt: r.completedAt?.toISOString() ?? null,
    })),
    createdAt: order.createdAt.toISOString(),
  };
}
export type OrderView = Awaited<ReturnType<typeof orderView>>;

export const linesOf = (db: Executor, orderId: string) =>
  db
    .select({ ticketTypeId: orderLines.ticketTypeId, quantity: orderLines.quantity })
    .from(orderLines)
    .where(eq(orderLines.orderId, orderId))
    .orderBy(asc(orderLines.ticketTypeId));

/**
 * The seats a live order occupies, per ticket type: its lines while pending
 * (held), its still valid tickets once confirmed (sold; tickets cancelled one
 * by one already gave theirs back).
 */
export async function seatsOfOrder(tx: Executor, order: OrderRow): Promise<Seats[]> {
  if (order.status !== 'confirmed') return linesOf(tx, order.id);
  return tx
    .select({ ticketTypeId: tickets.ticketTypeId, quantity: count().mapWith(Number) })
    .from(tickets)
    .where(and(eq(tickets.orderId, order.id), eq(tickets.status, 'valid')))
    .groupBy(tickets.ticketTypeId)
    .orderBy(asc(tickets.ticketTypeId));
}

/**
 * Turns the caller's active reservation into an order: one attendee per seat,
 * a payment method that fits the total. Free orders are confirmed and
 * ticketed at once; offline orders keep their seats held until marked paid or
 * until they expire.
 */
export async function checkout(
  ctx: TicketingContext,
  principal: Principal,
  reservationId: string,
  body: { attendees: Attendee[]; paymentMethod: PaymentMethod },
): Promise<OrderView> {
  return ctx.platform.database.transaction(async (tx) => {
    const r = await ownReservationForUpdate(tx, principal, reservationId);
    if (r.status !== 'active' || r.expiresAt.getTime() <= Date.now()) {
      throw new AppError(
        TICKETING_ERRORS.reservationExpired,
        409,
        'This reservation has expired or was released; reserve again.',
        { expiresAt: r.expiresAt.toISOString() },
      );
    }
    const items = await itemsOf(tx, r.id);
    const seats = items.reduce((sum, i) => sum + i.quantity, 0);
    if (body.attendees.length !== seats) {
      throw invalidField('body.attendees', `needs exactly ${seats} attendee(s), one per seat`);
    }
    // The hold counted the limit, but a waitlist offer may have been made
    // beside a hold of the same buyer: what they have bought decides, under
    // their own lock, so two checkouts of theirs cannot both pass it.
    checkUserLimit(
      await lockUserBoughtSeats(tx, principal.userId, r.eventId),
      seats,
      ctx.settings.maxTicketsPerUserPerEvent,
    );
    const totalMinor = orderTotal(items);
    const currency = items[0]!.currency;
    const provider = ctx.payments[body.paymentMethod];
    if (!provider.accepts(totalMinor)) throw paymentMethodRefused(body.paymentMethod, totalMinor);
    const payment = provider.start({ totalMinor, currency }, new Date());
    const event = await ctx.catalog.getEventForSale(tx, r.eventId);
    const perSeat = assignAttendeeTypes(items, body.attendees);
    const [order] = await tx
      .insert(orders)
      .values({
        number: orderNumber(),
        userId: principal.userId,
        eventId: r.eventId,
        reservationId: r.id,
        status: 'pending_payment',
        paymentMethod: body.paymentMethod,
        totalMinor,
        currency,
        attendees: body.attendees.map((a, i) => ({
          name: a.name.trim(),
          email: a.email.trim(),
          ticketTypeId: perSeat[i]!,
        })),
        eventStartsAt: event?.firstStartsAt ?? null,
        eventEndsAt: event?.lastEndsAt ?? null,
        paymentDueAt: payment.status === 'pending_payment' ? payment.dueAt : null,
      })
      .returning();
    // The event now has an order (even one never paid): it stays for the buyer's history.
    await ctx.catalog.inventory.recordOrder(tx, r.eventId);
    await tx.insert(orderLines).values(
      items.map((i) => ({
        orderId: order!.id,
        ticketTypeId: i.ticketTypeId,
        name: i.name,
        quantity: i.quantity,
        unitPriceMinor: i.unitPriceMinor,
      })),
    );
    await markReservations(tx, [r.id], 'converted');
    await settleWaitlistOffer(tx, r.id, 'claimed');
    if (payment.status === 'confirmed') {
      return orderView(tx, await confirmOrder(ctx, tx, order!));
    }
    await ctx.platform.jobs.send(
      expireUnpaidOrderJob,
      { orderId: order!.id },
      { tx, startAfter: payment.dueAt },
    );
    return orderView(tx, order!);
  });
}

/** Confirms a locked order: seats held -> sold, one signed ticket per attendee, announced. */
async function confirmOrder(ctx: TicketingContext, tx: Tx, order: OrderRow): Promise<OrderRow> {
  await confirmHeld(ctx, tx, order.eventId, await linesOf(tx, order.id));
  await tx.insert(tickets).values(
    order.attendees.map((a) => ({
      orderId: order.id,
      userId: order.userId,
      eventId: order.eventId,
      ticketTypeId: a.ticketTypeId,
      attendeeName: a.name,
      attendeeEmail: a.email,
      code: createTicketCode(ctx.signer, order.eventId),
      status: 'valid' as const,
    })),
  );
  const now = new Date();
  const [confirmed] = await tx
    .update(orders)
    .set({ status: 'confirmed', paidAt: order.totalMinor > 0 ? now : null, updatedAt: now })
    .where(eq(orders.id, order.id))
    .returning();
  await ticketingEvents.emit(tx, TICKETING_EVENTS.orderConfirmed, {
    orderId: order.id,
    eventId: order.eventId,
    userId: order.userId,
    totalMinor: order.totalMinor,
    currency: order.currency,
    tickets: order.attendees.length,
  });
  return confirmed!;
}

/** Loads an order for someone allowed to see it (owner, or organizer team of `minRole`), else 404. */
export async function orderFor(
  ctx: TicketingContext,
  db: Executor,
  principal: Principal,
  orderId: string,
  options: { forUpdate?: boolean; teamRole?: OrganizerRole } = {},
): Promise<{ order: OrderRow; isOwner: boolean; isTeam: boolean }> {
  const order = await findOrder(db, orderId, options);
  if (!order) throw notFound('Order', TICKETING_ERRORS.orderNotFound);
  const isOwner = order.userId === principal.userId;
  const event = await ctx.catalog.getEventForSale(db, order.eventId);
  const isTeam =
    !!event &&
    (await ctx.identity.canActFor(
      ctx.platform.database.db,
      principal,
      event.organizerId,
      options.teamRole ?? 'staff',
    ));
  if (!isOwner && !isTeam) throw notFound('Order', TICKETING_ERRORS.orderNotFound);
  return { order, isOwner, isTeam };
}

/**
 * orderFor for a part of an order (a ticket, a refund): locks the order for
 * the team of `manager` and up, and answers the part's own "not found" where
 * the order would be "not found".
 */
export const lockOrderOfPart = (
  ctx: TicketingContext,
  tx: Tx,
  principal: Principal,
  orderId: string,
  partNotFound: () => AppError,
) =>
  orderFor(ctx, tx, principal, orderId, { forUpdate: true, teamRole: 'manager' }).catch(
    (error: unknown) => {
      throw error instanceof AppError && error.status === 404 ? partNotFound() : error;
    },
  );

/** An organizer (manager and up) records an offline payment: the order is confirmed and ticketed. */
export async function markPaid(
  ctx: TicketingContext,
  principal: Principal,
  orderId: string,
): Promise<OrderView> {
  return ctx.platform.database.transaction(async (tx) => {
    const { order, isTeam } = await orderFor(ctx, tx, principal, orderId, {
      forUpdate: true,
      teamRole: 'manager',
    });
    if (!isTeam) throw forbidden('Only the organizer can mark an order paid.');
    if (order.status !== 'pending_payment') {
      throw new AppError(
        TICKETING_ERRORS.orderNotPending,
        409,
        `The order is ${order.status}, not pending payment.`,
      );
    }
    return orderView(tx, await confirmOrder(ctx, tx, order));
  });
}
