import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { adminPrincipal, createSaleEvent } from '../../../test/fixtures/ticketing.js';
import { AppError } from '../../platform/http/errors.js';
import type { Principal } from '../../platform/http/principal.js';
import { cancelOrder, expireUnpaidOrder } from './order-cancellation.service.js';
import { checkout, markPaid } from './orders.service.js';
import { releaseReservation, reserve, sweepExpired } from './reservations.service.js';
import { cancelTicket } from './ticket-cancellation.service.js';
import { orders, reservationItems, reservations, tickets } from './ticketing.tables.js';

const ctx = await useTestApp();
const { platform } = ctx;
const { db } = platform.database;

type Command =
  | { kind: 'hold'; user: number; type: number; quantity: number }
  | {
      kind: 'release' | 'expire' | 'checkout' | 'pay' | 'cancel' | 'cancelTicket' | 'lapse';
      pick: number;
    };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    kind: fc.constant('hold' as const),
    user: fc.nat(3),
    type: fc.nat(1),
    quantity: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({
    kind: fc.constantFrom(
      'release',
      'expire',
      'checkout',
      'pay',
      'cancel',
      'cancelTicket',
      'lapse',
    ),
    pick: fc.nat(20),
  }),
);

/** The database's own account of seats, derived from ticketing's rows only. */
async function expectConsistent(eventId: number) {
  const event = (await ctx.modules.catalog.api.getEventForSale(db, eventId))!;
  for (const t of event.ticketTypes) {
    expect(t.sold + t.held).toBeLessThanOrEqual(t.capacity);
    expect(t.available).toBe(t.capacity - t.sold - t.held);
    const { rows } = await db.execute<{ held: number; sold: number }>(sql`
      SELECT
        (SELECT coalesce(sum(i.quantity), 0) FROM ticketing_reservation_items i
           JOIN ticketing_reservations r ON r.id = i.reservation_id
           LEFT JOIN ticketing_orders o ON o.reservation_id = r.id
           WHERE i.ticket_type_id = ${t.id}
             AND (r.status = 'active' OR o.status = 'pending_payment'))::int AS held,
        (SELECT count(*) FROM ticketing_tickets
           WHERE ticket_type_id = ${t.id} AND status = 'valid')::int AS sold`);
    expect({ held: t.held, sold: t.sold }).toEqual(rows[0]);
  }
}

describe('seat accounting under random sequences (fast-check, real database)', () => {
  it('keeps sold + held <= capacity and available = capacity - sold - held, matching the rows', async () => {
    const users: Principal[] = Array.from({ length: 4 }, () => ({
      userId: randomUUID(),
      roles: [],
      emailVerified: true,
    }));
    const organizer = adminPrincipal();
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (commands) => {
        const sale = await createSaleEvent(ctx, {
          ticketTypes: [
            { name: 'Free', capacity: 5, maxPerOrder: 3 },
            { name: 'Paid', capacity: 4, priceMinor: 1500, maxPerOrder: 3 },
          ],
        });
        const pickReservation = async (pick: number) => {
          const rows = await db
            .select()
            .from(reservations)
            .where(and(eq(reservations.eventId, sale.eventId), eq(reservations.status, 'active')))
            .orderBy(reservations.createdAt);
          return rows.length ? rows[pick % rows.length] : undefined;
        };
        const pickOrder = async (pick: number, statuses: string[]) => {
          const rows = await db
            .select()
            .from(orders)
            .where(and(eq(orders.eventId, sale.eventId), inArray(orders.status, statuses as never)))
            .orderBy(orders.createdAt);
          return rows.length ? rows[pick % rows.length] : undefined;
        };
        for (const c of commands) {
          try {
            if (c.kind === 'hold') {
              await reserve(ctx.modules.ticketing.context, users[c.user]!, sale.eventId, [
                { ticketTypeId: sale.ticketTypeIds[c.type]!, quantity: c.quantity },
              ]);
            } else if (c.kind === 'release') {
              const r = await pickReservation(c.pick);
              const owner = users.find((u) => u.userId === r?.userId);
              if (r && owner) await releaseReservation(ctx.modules.ticketing.context, owner, r.id);
            } else if (c.kind === 'expire') {
              const r = await pickReservation(c.pick);
              if (r) {
                await db
                  .update(reservations)
                  .set({ expiresAt: new Date(Date.now() - 1000) })
                  .where(eq(reservations.id, r.id));
                await sweepExpired(ctx.modules.ticketing.context, sale.ticketTypeIds);
              }
            } else if (c.kind === 'checkout') {
              const r = await pickReservation(c.pick);
              const owner = users.find((u) => u.userId === r?.userId);
              if (r && owner) {
                const items = await db
                  .select()
                  .from(reservationItems)
                  .where(eq(reservationItems.reservationId, r.id));
                const seats = items.reduce((s, i) => s + i.quantity, 0);
                const paid = items.some((i) => i.unitPriceMinor > 0);
                await checkout(ctx.modules.ticketing.context, owner, r.id, {
                  attendees: Array.from({ length: seats }, (_, i) => ({
                    name: `Guest ${i}`,
                    email: `guest${i}@example.test`,
                  })),
                  paymentMethod: paid ? 'offline' : 'free',
                });
              }
            } else if (c.kind === 'pay') {
              const o = await pickOrder(c.pick, ['pending_payment']);
              if (o) await markPaid(ctx.modules.ticketing.context, organizer, o.id);
            } else if (c.kind === 'lapse') {
              const o = await pickOrder(c.pick, ['pending_payment']);
              if (o) {
                await db
                  .update(orders)
                  .set({ paymentDueAt: new Date(Date.now() - 1000) })
                  .where(eq(orders.id, o.id));
                await expireUnpaidOrder(ctx.modules.ticketing.context, o.id);
              }
            } else if (c.kind === 'cancelTicket') {
              const valid = await db
                .select({ id: tickets.id })
                .from(tickets)
                .where(and(eq(tickets.eventId, sale.eventId), eq(tickets.status, 'valid')))
                .orderBy(tickets.createdAt, tickets.id);
              const ticket = valid[c.pick % Math.max(1, valid.length)];
              if (ticket) await cancelTicket(ctx.modules.ticketing.context, organizer, ticket.id);
            } else {
              const o = await pickOrder(c.pick, ['pending_payment', 'confirmed']);
              if (o) await cancelOrder(ctx.modules.ticketing.context, organizer, o.id);
            }
          } catch (error) {
            // Refusals (sold out, limits) are expected outcomes; anything else is a bug.
            if (!(error instanceof AppError) || error.status >= 500) throw error;
          }
          await expectConsistent(sale.eventId);
        }
        const [valid] = await db
          .select({ n: sql<number>`count(*)::int` })
          .from(tickets)
          .where(and(eq(tickets.eventId, sale.eventId), eq(tickets.status, 'valid')));
        expect(valid!.n).toBeLessThanOrEqual(9);
      }),
      { numRuns: 20 },
    );
  }, 120_000);
});
