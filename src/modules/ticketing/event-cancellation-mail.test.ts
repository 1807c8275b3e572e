import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { createOrganizer, createUser, type TestUser } from '../../../test/fixtures/identity.js';
import { mailDelivery, startSmtpServer } from '../../../test/fixtures/smtp.js';
import { createSaleEvent, httpCaller } from '../../../test/fixtures/ticketing.js';
import { expireReservation } from './reservations.service.js';
import { reservations, waitlistEntries } from './ticketing.tables.js';

const smtp = await startSmtpServer();
afterAll(() => smtp.close());
const ctx = await useTestApp({ SMTP_URL: smtp.url });
const { platform } = ctx;
const { db } = platform.database;
const call = httpCaller(ctx);

const deliver = mailDelivery(platform, smtp);

/**
 * A sold-out event: the buyer holds an order for two attendees, `offered`
 * holds a waitlist offer (the seat a lapsed hold gave back), `waiting` waits.
 */
async function soldOutWithWaitlist() {
  const owner = await createUser(ctx, { roles: ['organizer'] });
  const organizer = await createOrganizer(ctx, owner);
  const sale = await createSaleEvent(ctx, {
    organizerId: organizer.id,
    ticketTypes: [{ name: 'GA', capacity: 3 }],
  });
  const typeId = sale.ticketTypeIds[0]!;
  const reserve = async (user: TestUser, quantity: number) => {
    const res = await call('POST', `/v1/events/${sale.eventId}/reservations`, user.headers, {
      items: [{ ticketTypeId: typeId, quantity }],
    });
    expect(res.statusCode).toBe(201);
    return res.json().data.id as string;
  };
  const buyer = await createUser(ctx, { name: 'Bea Buyer' });
  const order = await call(
    'POST',
    `/v1/reservations/${await reserve(buyer, 2)}/checkout`,
    buyer.headers,
    {
      attendees: [
        { name: 'Bea Buyer', email: buyer.email },
        { name: 'Gus Guest', email: 'gus@example.test' },
      ],
      paymentMethod: 'free',
    },
  );
  expect(order.statusCode).toBe(201);
  const lapsing = await reserve(await createUser(ctx), 1);
  const offered = await createUser(ctx, { name: 'Otto Offered' });
  const waiting = await createUser(ctx, { name: 'Wanda Waiting' });
  for (const user of [offered, waiting]) {
    const joined = await call('POST', `/v1/events/${sale.eventId}/waitlist`, user.headers, {
      ticketTypeId: typeId,
      quantity: 1,
    });
    expect(joined.statusCode).toBe(201);
  }
  await db
    .update(reservations)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(reservations.id, lapsing));
  await expireReservation(ctx.modules.ticketing.context, lapsing);
  const offers = (await deliver()).filter((m) => m.subject.startsWith('Seats are free'));
  expect(offers.map((m) => m.to)).toEqual([offered.email]);
  return { owner, sale, buyer, offered, waiting };
}

describe("mails of an event's cancellation", () => {
  it('name the organizer’s reason, escaped, and reach everyone on the waitlist once', async () => {
    const { owner, sale, buyer, offered, waiting } = await soldOutWithWaitlist();
    const res = await call('POST', `/v1/events/${sale.eventId}/cancel`, owner.headers, {
      reason: 'Venue <b>flooded</b>',
    });
    expect(res.statusCode).toBe(200);
    const mails = await deliver();
    expect(mails.map((m) => m.to).sort()).toEqual(
      [buyer.email, 'gus@example.test', offered.email, waiting.email].sort(),
    );
    for (const mail of mails) {
      expect(mail.subject).toBe('Cancelled: Ticketing test event');
      expect(mail.text).toContain("The organizer's reason: Venue <b>flooded</b>");
      expect(mail.html).toContain('Venue &lt;b&gt;flooded&lt;/b&gt;');
      expect(mail.html).not.toContain('<b>flooded');
    }
    const to = (user: TestUser) => mails.find((m) => m.to === user.email)!;
    expect(to(offered).text).toContain('your place on its waitlist has ended');
    expect(to(offered).text).toContain('The seats held for you are released');
    expect(to(waiting).text).toContain('No seats will be offered');
    const entries = await db
      .select({ status: waitlistEntries.status })
      .from(waitlistEntries)
      .where(eq(waitlistEntries.eventId, sale.eventId));
    expect(entries.map((e) => e.status)).toEqual(['cancelled', 'cancelled']);

    // A redelivery of the cancellation finds nothing left and sends nothing again.
    await platform.relay.drain();
    expect(await deliver()).toEqual([]);
  });

  it('without a reason, say only that the event was cancelled', async () => {
    const { owner, sale, buyer } = await soldOutWithWaitlist();
    const res = await call('POST', `/v1/events/${sale.eventId}/cancel`, owner.headers);
    expect(res.statusCode).toBe(200);
    const mails = await deliver();
    expect(mails).toHaveLength(4);
    expect(mails.find((m) => m.to === buyer.email)!.text).toContain('the event was cancelled');
    for (const mail of mails) expect(mail.text).not.toContain('reason:');
  });
});
