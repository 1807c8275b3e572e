import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';
import { createOrganizer, createUser } from '../../../test/fixtures/identity.js';
import { createSaleEvent, httpCaller, type AuthHeaders } from '../../../test/fixtures/ticketing.js';

const ctx = await useTestApp();

type Headers = AuthHeaders;
const call = httpCaller(ctx);

/** A free ticket of the event's first type, bought by `who`; answers its signed code. */
async function ticketCode(eventId: number, ticketTypeId: number, who: { headers: Headers }) {
  const r = await call('POST', `/v1/events/${eventId}/reservations`, who.headers, {
    items: [{ ticketTypeId, quantity: 1 }],
  });
  const o = await call('POST', `/v1/reservations/${r.json().data.id}/checkout`, who.headers, {
    attendees: [{ name: 'Guest', email: 'guest@example.test' }],
    paymentMethod: 'free',
  });
  const ticketId = o.json().data.tickets[0].id;
  return (await call('GET', `/v1/tickets/${ticketId}`, who.headers)).json().data.code as string;
}

describe("the organizer team's door, as others see it", () => {
  it('a signed-in stranger gets 403 at a public event, 404 at a draft', async () => {
    const owner = await createUser(ctx);
    const organizer = await createOrganizer(ctx, owner);
    const stranger = await createUser(ctx);
    const types = [{ name: 'GA', capacity: 5 }];
    const open = await createSaleEvent(ctx, { organizerId: organizer.id, ticketTypes: types });
    const draft = await createSaleEvent(ctx, {
      organizerId: organizer.id,
      ticketTypes: types,
      publish: false,
    });
    const code = await ticketCode(open.eventId, open.ticketTypeIds[0]!, stranger);
    const asStranger = (method: 'GET' | 'POST', path: string, body?: object) =>
      call(method, path, stranger.headers, body);
    for (const [method, path, body] of [
      ['POST', 'check-ins', { code }],
      ['GET', 'check-ins/stats', undefined],
      ['GET', 'attendees/export', undefined],
      ['GET', 'orders', undefined],
      ['GET', 'sales-summary', undefined],
    ] as const) {
      const seen = await asStranger(method, `/v1/events/${open.eventId}/${path}`, body);
      expect(seen.statusCode, path).toBe(403);
      expect(seen.json()).toMatchObject({ code: 'AUTH.FORBIDDEN', success: false });
      const hidden = await asStranger(method, `/v1/events/${draft.eventId}/${path}`, body);
      expect(hidden.statusCode, path).toBe(404);
      expect(hidden.json().code).toBe('CATALOG.EVENT_NOT_FOUND');
    }
    // The team itself gets through.
    const scan = await call('POST', `/v1/events/${open.eventId}/check-ins`, owner.headers, {
      code,
    });
    expect(scan.statusCode).toBe(200);
  });

  it('a genuine ticket of another event is named as such at the door, a forged one is not found', async () => {
    const owner = await createUser(ctx);
    const organizer = await createOrganizer(ctx, owner);
    const buyer = await createUser(ctx);
    const types = [{ name: 'GA', capacity: 5 }];
    const here = await createSaleEvent(ctx, { organizerId: organizer.id, ticketTypes: types });
    const there = await createSaleEvent(ctx, { organizerId: organizer.id, ticketTypes: types });
    const code = await ticketCode(there.eventId, there.ticketTypeIds[0]!, buyer);
    const url = `/v1/events/${here.eventId}/check-ins`;
    const wrongDoor = await call('POST', url, owner.headers, { code });
    expect(wrongDoor.statusCode).toBe(422);
    expect(wrongDoor.json()).toMatchObject({
      code: 'TICKETING.TICKET_FOR_OTHER_EVENT',
      details: { eventId: here.eventId, ticketEventId: there.eventId },
    });
    expect(wrongDoor.json().detail).toContain(`event ${there.eventId}`);
    const forged = await call('POST', url, owner.headers, {
      code: code.replace(`T1.${there.eventId}.`, `T1.${here.eventId}.`),
    });
    expect(forged.statusCode).toBe(404);
    // Nothing was recorded: the right door still admits it once.
    const right = await call('POST', `/v1/events/${there.eventId}/check-ins`, owner.headers, {
      code,
    });
    expect(right.statusCode).toBe(200);
  });
});
