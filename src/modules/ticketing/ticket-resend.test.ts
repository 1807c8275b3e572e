import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { createUser } from '../../../test/fixtures/identity.js';
import { mailDelivery, startSmtpServer } from '../../../test/fixtures/smtp.js';
import { adminPrincipal, createSaleEvent } from '../../../test/fixtures/ticketing.js';
import { checkIn } from './check-ins.service.js';
import { checkout } from './orders.service.js';
import { reserve } from './reservations.service.js';
import { tickets } from './ticketing.tables.js';

const smtp = await startSmtpServer();
afterAll(() => smtp.close());
const ctx = await useTestApp({ SMTP_URL: smtp.url });
const { app, platform } = ctx;
const { db } = platform.database;

const deliver = mailDelivery(platform, smtp);

/** A free order of one ticket for `guest@example.test`, its mails already sent. */
async function boughtTicket() {
  const buyer = await createUser(ctx);
  const principal = { userId: buyer.id, roles: [], emailVerified: true };
  const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'GA', capacity: 5 }] });
  const r = await reserve(ctx.modules.ticketing.context, principal, sale.eventId, [
    { ticketTypeId: sale.ticketTypeIds[0]!, quantity: 1 },
  ]);
  const order = await checkout(ctx.modules.ticketing.context, principal, r.id, {
    attendees: [{ name: 'Gus Guest', email: 'guest@example.test' }],
    paymentMethod: 'free',
  });
  await deliver();
  const [ticket] = await db.select().from(tickets).where(eq(tickets.orderId, order.id));
  return { buyer, sale, ticket: ticket! };
}

/** As if the last resend of the ticket was `seconds` ago. */
const backdate = (ticketId: string, seconds: number) =>
  db
    .update(tickets)
    .set({ updatedAt: sql`now() - make_interval(secs => ${seconds})` })
    .where(eq(tickets.id, ticketId));

describe('POST /v1/tickets/:id/resend', () => {
  it('ten parallel resends of one ticket send one mail; the others are 429 with Retry-After', async () => {
    const { buyer, sale, ticket } = await boughtTicket();
    const resend = () =>
      app.inject({
        method: 'POST',
        url: `/v1/tickets/${ticket.id}/resend`,
        headers: buyer.headers,
      });
    const answers = await Promise.all(Array.from({ length: 10 }, resend));
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, ...Array(9).fill(429)]);
    for (const refused of answers.filter((a) => a.statusCode === 429)) {
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.json()).toMatchObject({
        success: false,
        status: 429,
        code: 'TICKETING.TICKET_RESEND_TOO_SOON',
      });
      const wait = Number(refused.headers['retry-after']);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(60);
    }
    const mails = await deliver();
    expect(mails.map((m) => m.to)).toEqual(['guest@example.test']);
    const [row] = await db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(row!.linkGeneration).toBe(1);
    // The ticket was reissued: the mail carries a new code, and the leaked old one no longer gets in.
    expect(row!.code).not.toBe(ticket.code);
    expect(mails[0]!.text).toContain(row!.code);
    const door = (code: string) =>
      checkIn(ctx.modules.ticketing.context, adminPrincipal(), sale.eventId, { code }).catch(
        (e: unknown) => e,
      );
    expect(await door(ticket.code)).toMatchObject({
      status: 404,
      code: 'TICKETING.TICKET_NOT_FOUND',
    });
    expect(await door(row!.code)).toMatchObject({ ticketId: ticket.id });

    // Control: a minute later the ticket can be sent again, once.
    await backdate(ticket.id, 61);
    expect((await resend()).statusCode).toBe(200);
    expect((await resend()).statusCode).toBe(429);
    expect((await deliver()).map((m) => m.to)).toEqual(['guest@example.test']);
  });

  it('the route limits each caller too (20 a minute)', async () => {
    const { buyer, ticket } = await boughtTicket();
    const codes: string[] = [];
    for (let i = 0; i < 21; i++) {
      await backdate(ticket.id, 61);
      const res = await app.inject({
        method: 'POST',
        url: `/v1/tickets/${ticket.id}/resend`,
        headers: buyer.headers,
      });
      codes.push(res.statusCode === 200 ? 'ok' : res.json().code);
      if (res.statusCode === 429) expect(res.headers['retry-after']).toEqual(expect.any(String));
    }
    expect(codes).toEqual([...Array(20).fill('ok'), 'REQUEST.RATE_LIMITED']);
    expect(await deliver()).toHaveLength(20);
  });
});
