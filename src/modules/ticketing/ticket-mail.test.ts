import { eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { createUser, type TestUser } from '../../../test/fixtures/identity.js';
import { startSmtpServer, type ReceivedMail } from '../../../test/fixtures/smtp.js';
import {
  adminPrincipal,
  cancelSaleEvent,
  createSaleEvent,
} from '../../../test/fixtures/ticketing.js';
import { outboxDeliveries, outboxEvents } from '../../platform/events/outbox.tables.js';
import type { Principal } from '../../platform/http/principal.js';
import { checkout, markPaid } from './orders.service.js';
import { expireReservation, reserve } from './reservations.service.js';
import { signTicketLink, ticketLinkKey } from './ticket-links.js';
import { orders, reservations, tickets } from './ticketing.tables.js';
import { expireUnpaidOrder } from './order-cancellation.service.js';
import { joinWaitlist } from './waitlist.service.js';

const smtp = await startSmtpServer();
afterAll(() => smtp.close());
const ctx = await useTestApp({ SMTP_URL: smtp.url });
const { app, platform } = ctx;
const { db } = platform.database;
const t = () => ctx.modules.ticketing.context;

/** Delivers committed events, then sends the mail they queued: deterministic, no workers. */
async function deliver(): Promise<ReceivedMail[]> {
  const before = smtp.messages.length;
  await platform.relay.drain();
  await platform.mail.drain();
  return smtp.messages.slice(before);
}

const principalOf = (user: TestUser): Principal => ({
  userId: user.id,
  roles: [],
  emailVerified: true,
});

const linkIn = (mail: ReceivedMail) => {
  const match = /http:\/\/marquee\.test\/tickets\/view\?token=([\w.-]+)/.exec(mail.text);
  if (!match) throw new Error(`no ticket link in "${mail.subject}"`);
  return { url: match[0], token: match[1]! };
};

const openJson = (token: string) =>
  app.inject({ method: 'GET', url: `/v1/tickets/view?token=${encodeURIComponent(token)}` });
const openPage = (token: string) =>
  app.inject({ method: 'GET', url: `/tickets/view?token=${encodeURIComponent(token)}` });

let buyer: TestUser;
const guests = [
  { name: 'Grace <Hopper>', email: 'grace@example.test' },
  { name: 'Alan Turing', email: 'alan@example.test' },
];

beforeEach(async () => {
  buyer = await createUser(ctx, { name: 'Bea Buyer' });
  await deliver(); // the new account's own events
});

async function buy(paymentMethod: 'free' | 'offline', capacity = 10, priceMinor = 0) {
  const sale = await createSaleEvent(ctx, {
    ticketTypes: [{ name: 'Standing', capacity, priceMinor }],
  });
  const r = await reserve(t(), principalOf(buyer), sale.eventId, [
    { ticketTypeId: sale.ticketTypeIds[0]!, quantity: 3 },
  ]);
  const order = await checkout(t(), principalOf(buyer), r.id, {
    attendees: [{ name: buyer.name, email: buyer.email }, ...guests],
    paymentMethod,
  });
  return { sale, order };
}

describe('ticket mail', () => {
  it('after checkout, the buyer gets the order confirmation and each attendee only their own ticket', async () => {
    const { order } = await buy('free');
    const mails = await deliver();
    const rows = await db.select().from(tickets).where(eq(tickets.orderId, order.id));
    expect(rows).toHaveLength(3);

    const confirmation = mails.filter((m) => m.subject.startsWith('Order '));
    expect(confirmation).toHaveLength(1);
    expect(confirmation[0]!.recipients).toEqual([buyer.email]);
    expect(confirmation[0]!.text).toContain('Grace <Hopper>, Alan Turing');
    expect(confirmation[0]!.html).toContain('Grace &lt;Hopper&gt;');
    for (const row of rows) expect(confirmation[0]!.text).not.toContain(row.code);

    const ticketMails = mails.filter((m) => m.subject.startsWith('Your ticket'));
    expect(ticketMails.map((m) => m.recipients).sort()).toEqual(
      [[buyer.email], ['alan@example.test'], ['grace@example.test']].sort(),
    );
    for (const mail of ticketMails) {
      const own = rows.find((r) => r.attendeeEmail === mail.to)!;
      const others = rows.filter((r) => r !== own);
      expect(mail.text).toContain(own.code);
      for (const other of others) {
        expect(mail.text + mail.html).not.toContain(other.code);
        expect(mail.text + mail.html).not.toContain(other.id);
      }
      // The QR code is inline: a CID image attachment that the HTML part shows
      // (the parser resolves the cid: reference into the image's data).
      expect(mail.html).toMatch(/<img src="data:image\/png;base64,[\w+/=]+" alt="Ticket QR code"/);
      expect(mail.raw).toMatch(/Content-Type: image\/png/);
      expect(mail.raw).toContain(`Content-ID: <ticket-${own.id}@marquee>`);

      const { token } = linkIn(mail);
      const opened = await openJson(token);
      expect(opened.statusCode).toBe(200);
      expect(opened.json().data).toMatchObject({
        id: own.id,
        attendeeName: own.attendeeName,
        code: own.code,
        orderNumber: order.number,
        status: 'valid',
      });
      const page = await openPage(token);
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.body).toContain('<svg');
      expect(page.body).toContain(own.code);
      expect(page.body).not.toContain('<Hopper>');
    }
  });

  it('sends nothing for an offline order until it is marked paid, then the tickets', async () => {
    const { order } = await buy('offline', 10, 1500);
    expect((await deliver()).filter((m) => m.subject.startsWith('Your ticket'))).toEqual([]);
    await markPaid(t(), adminPrincipal(), order.id);
    const mails = await deliver();
    expect(mails.filter((m) => m.subject.startsWith('Your ticket'))).toHaveLength(3);
    expect(mails.find((m) => m.subject.startsWith('Order '))!.text).toContain('45.00 EUR');
  });

  it('tells the buyer when an unpaid order expires, without tickets to void', async () => {
    const { order } = await buy('offline', 10, 1500);
    await deliver();
    await db
      .update(orders)
      .set({ paymentDueAt: new Date(Date.now() - 1000) })
      .where(eq(orders.id, order.id));
    await expireUnpaidOrder(t(), order.id);
    const mails = await deliver();
    expect(mails.map((m) => [m.recipients, m.subject])).toEqual([
      [[buyer.email], `Your order ${order.number} was cancelled: Ticketing test event`],
    ]);
    expect(mails[0]!.text).toContain('payment did not arrive in time');
    expect(mails[0]!.text).not.toContain('tickets are no longer valid');
  });

  it('never sends a mail twice for one event, even when the event is delivered again', async () => {
    const { order } = await buy('free');
    expect(await deliver()).toHaveLength(4);
    // As if the relay had crashed after sending and before recording the deliveries.
    await db.delete(outboxDeliveries).where(like(outboxDeliveries.subscriber, 'ticketing.mail.%'));
    await db
      .update(outboxEvents)
      .set({ publishedAt: null })
      .where(
        sql`${outboxEvents.name} = 'ticketing.order.confirmed' AND ${outboxEvents.payload}->>'orderId' = ${order.id}`,
      );
    expect(await platform.relay.drain()).toBeGreaterThan(0);
    expect(await deliver()).toEqual([]);
  });

  it('a tampered, malformed or expired link gets a precise 4xx, as JSON and as a page', async () => {
    await buy('free');
    const mail = (await deliver()).find((m) => m.to === 'grace@example.test')!;
    const { token } = linkIn(mail);
    const [, ticketId] = token.split('.');

    const tampered = token.replace(/\.(\d+)\.(\d+)\./, (_, g, exp) => `.${g}.${Number(exp) + 1}.`);
    expect((await openJson(tampered)).json()).toMatchObject({
      status: 403,
      code: 'TICKETING.TICKET_LINK_INVALID',
    });
    const otherTicket = token.replace(ticketId!, '00000000-0000-4000-8000-000000000000');
    expect((await openJson(otherTicket)).statusCode).toBe(403);
    expect((await openJson('not-a-link')).json()).toMatchObject({
      status: 400,
      code: 'TICKETING.TICKET_LINK_MALFORMED',
    });
    expect((await app.inject({ url: '/v1/tickets/view' })).statusCode).toBe(400);

    const key = ticketLinkKey(t().signer.privateKey);
    const expired = signTicketLink(key, {
      ticketId: ticketId!,
      generation: 0,
      expiresAt: new Date(Date.now() - 1000),
    });
    expect((await openJson(expired)).json()).toMatchObject({
      status: 410,
      code: 'TICKETING.TICKET_LINK_EXPIRED',
    });

    const page = await openPage(tampered);
    expect(page.statusCode).toBe(403);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('This ticket link was altered');
    expect((await openPage('')).statusCode).toBe(400);
  });

  it('reissuing a ticket revokes its earlier link; cancelling it revokes every link and tells the attendee', async () => {
    const { order } = await buy('free');
    const first = (await deliver()).find((m) => m.to === 'alan@example.test')!;
    const [alan] = await db
      .select()
      .from(tickets)
      .where(eq(tickets.attendeeEmail, 'alan@example.test'))
      .orderBy(sql`created_at DESC`)
      .limit(1);
    expect(alan!.orderId).toBe(order.id);

    const resent = await app.inject({
      method: 'POST',
      url: `/v1/tickets/${alan!.id}/resend`,
      headers: buyer.headers,
    });
    expect(resent.statusCode).toBe(200);
    const again = await deliver();
    expect(again.map((m) => m.recipients)).toEqual([['alan@example.test']]);
    expect((await openJson(linkIn(first).token)).json()).toMatchObject({
      status: 410,
      code: 'TICKETING.TICKET_LINK_REVOKED',
    });
    const fresh = linkIn(again[0]!).token;
    expect((await openJson(fresh)).statusCode).toBe(200);

    // Someone else's ticket cannot be resent.
    const stranger = await createUser(ctx);
    const refused = await app.inject({
      method: 'POST',
      url: `/v1/tickets/${alan!.id}/resend`,
      headers: stranger.headers,
    });
    expect(refused.statusCode).toBe(404);
    await deliver();

    const cancelled = await app.inject({
      method: 'POST',
      url: `/v1/tickets/${alan!.id}/cancel`,
      headers: buyer.headers,
    });
    expect(cancelled.statusCode).toBe(200);
    const notices = await deliver();
    expect(notices.map((m) => [m.recipients, m.subject])).toEqual([
      [['alan@example.test'], 'Your ticket was cancelled: Ticketing test event'],
    ]);
    expect((await openJson(fresh)).json()).toMatchObject({
      status: 410,
      code: 'TICKETING.TICKET_LINK_REVOKED',
    });
    const page = await openPage(fresh);
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('no longer works');
  });

  it('mails the waitlist offer with its deadline', async () => {
    const waiter = await createUser(ctx, { name: 'Wanda Waiting' });
    await deliver();
    const sale = await createSaleEvent(ctx, { ticketTypes: [{ name: 'Front', capacity: 1 }] });
    const typeId = sale.ticketTypeIds[0]!;
    const r = await reserve(t(), principalOf(buyer), sale.eventId, [
      { ticketTypeId: typeId, quantity: 1 },
    ]);
    await joinWaitlist(t(), principalOf(waiter), sale.eventId, {
      ticketTypeId: typeId,
      quantity: 1,
    });
    await db
      .update(reservations)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(reservations.id, r.id));
    await expireReservation(t(), r.id);
    const mails = await deliver();
    expect(mails.map((m) => m.recipients)).toEqual([[waiter.email]]);
    const [offer] = mails;
    expect(offer!.subject).toBe('Seats are free for you: Ticketing test event');
    expect(offer!.text).toMatch(/1 Front seat is held for you/);
    expect(offer!.text).toMatch(/before \w{3}, \d{1,2} \w{3} \d{4}, \d\d:\d\d \(Europe\/Berlin\)/);
  });

  it("an event's cancellation tells the buyer and each attendee, and revokes the tickets' links", async () => {
    const { sale, order } = await buy('free');
    const ticketMails = (await deliver()).filter((m) => m.subject.startsWith('Your ticket'));
    await cancelSaleEvent(ctx, sale);
    const notices = await deliver();
    expect(notices.map((m) => m.to).sort()).toEqual(
      [buyer.email, 'alan@example.test', 'grace@example.test'].sort(),
    );
    const toBuyer = notices.find((m) => m.to === buyer.email)!;
    expect(toBuyer.subject).toBe('Cancelled: Ticketing test event');
    expect(toBuyer.text).toContain(`Your order ${order.number}`);
    expect(toBuyer.text).toContain('the event was cancelled');
    expect(notices.find((m) => m.to === 'grace@example.test')!.text).toContain('Your ticket for');
    for (const mail of ticketMails) {
      expect((await openJson(linkIn(mail).token)).json().code).toBe(
        'TICKETING.TICKET_LINK_REVOKED',
      );
    }
  });
});
