import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { createUser } from '../../../test/fixtures/identity.js';
import { createSaleEvent } from '../../../test/fixtures/ticketing.js';

const ctx = await useTestApp();
const { app } = ctx;

type Headers = { authorization: string };

/** A reservation of one VIP seat and two standard ones (standard has the lower id). */
async function reserveMixed() {
  const buyer = await createUser(ctx);
  const sale = await createSaleEvent(ctx, {
    ticketTypes: [
      { name: 'Standard', capacity: 10 },
      { name: 'VIP', capacity: 10 },
    ],
  });
  const [standard, vip] = sale.ticketTypeIds as [number, number];
  const r = await app.inject({
    method: 'POST',
    url: `/v1/events/${sale.eventId}/reservations`,
    headers: buyer.headers,
    payload: {
      items: [
        { ticketTypeId: vip, quantity: 1 },
        { ticketTypeId: standard, quantity: 2 },
      ],
    },
  });
  expect(r.statusCode).toBe(201);
  return { buyer, standard, vip, reservationId: r.json().data.id as string };
}

const checkout = (headers: Headers, reservationId: string, attendees: object[]) =>
  app.inject({
    method: 'POST',
    url: `/v1/reservations/${reservationId}/checkout`,
    headers,
    payload: { attendees, paymentMethod: 'free' },
  });

const person = (name: string, ticketTypeId?: number) => ({
  name,
  email: `${name.toLowerCase()}@example.test`,
  ...(ticketTypeId === undefined ? {} : { ticketTypeId }),
});

describe('checkout: which attendee holds which ticket type', () => {
  it('gives each attendee the ticket type they name, whatever their order', async () => {
    const { buyer, standard, vip, reservationId } = await reserveMixed();
    const res = await checkout(buyer.headers, reservationId, [
      person('Vera', vip),
      person('Sam', standard),
      person('Sue', standard),
    ]);
    expect(res.statusCode).toBe(201);
    const order = res.json().data;
    const typeOf = (name: string) =>
      order.tickets.find((x: { attendeeName: string }) => x.attendeeName === name).ticketTypeId;
    expect([typeOf('Vera'), typeOf('Sam'), typeOf('Sue')]).toEqual([vip, standard, standard]);
  });

  it('keeps the positional form: seats follow the lines in ticket type order', async () => {
    const { buyer, standard, vip, reservationId } = await reserveMixed();
    const res = await checkout(buyer.headers, reservationId, [
      person('First'),
      person('Second'),
      person('Third'),
    ]);
    expect(res.statusCode).toBe(201);
    expect(res.json().data.attendees.map((a: { ticketTypeId: number }) => a.ticketTypeId)).toEqual([
      standard,
      standard,
      vip,
    ]);
  });

  it('answers 422 naming what does not match, and writes nothing', async () => {
    const { buyer, standard, vip, reservationId } = await reserveMixed();
    const tooManyVips = await checkout(buyer.headers, reservationId, [
      person('A', vip),
      person('B', vip),
      person('C', standard),
    ]);
    expect(tooManyVips.statusCode).toBe(422);
    expect(tooManyVips.json()).toMatchObject({
      code: 'TICKETING.ATTENDEE_TICKET_TYPES_MISMATCH',
      details: {
        mismatched: [
          { ticketTypeId: standard, reserved: 2, named: 1 },
          { ticketTypeId: vip, reserved: 1, named: 2 },
        ],
      },
    });
    const partly = await checkout(buyer.headers, reservationId, [
      person('A', vip),
      person('B'),
      person('C', 999_999),
    ]);
    expect(partly.statusCode).toBe(422);
    expect(partly.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body.attendees[1].ticketTypeId' }),
        {
          field: 'body.attendees[2].ticketTypeId',
          message: 'ticket type 999999 is not in this reservation',
        },
      ]),
    );
    // The reservation is untouched: a correct checkout still goes through.
    const fixed = await checkout(buyer.headers, reservationId, [
      person('A', standard),
      person('B', vip),
      person('C', standard),
    ]);
    expect(fixed.statusCode).toBe(201);
  });
});
