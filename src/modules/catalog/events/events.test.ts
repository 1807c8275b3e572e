import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  app,
  platform,
  owner,
  manager,
  staff,
  outsider,
  attendee,
  admin,
  organizer,
  future,
  draftBody,
  createDraft,
} from './events.fixture.js';

describe('organizer workflow', () => {
  it('creates a draft with normalised tags and the organizer name', async () => {
    const res = await createDraft();
    const event = res.json().data;
    expect(event).toMatchObject({
      status: 'draft',
      tags: ['jazz', 'live-music'],
      organizer: { id: organizer.id, name: 'Harbour Nights' },
      occurrences: [{ city: 'Athens', venueName: 'Pier 1' }],
      ticketTypes: [{ name: 'GA', available: 100, sold: 0, held: 0 }],
    });
    expect(res.headers.etag).toBeTruthy();
    const row = await platform.database.db.execute<{ status: string }>(
      sql`SELECT status FROM catalog_events WHERE id = ${event.id}`,
    );
    expect(row.rows[0]!.status).toBe('draft');
  });

  it('authorizes: anonymous 401, attendee 403, other organizer 403, staff cannot edit', async () => {
    const anonymous = await app.inject({ method: 'POST', url: '/v1/events', payload: draftBody() });
    expect(anonymous.statusCode).toBe(401);
    const asAttendee = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: attendee.headers,
      payload: draftBody(),
    });
    expect(asAttendee.statusCode).toBe(403);
    const asOutsider = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: outsider.headers,
      payload: draftBody(),
    });
    expect(asOutsider.statusCode).toBe(403);
    const id = (await createDraft()).json().data.id;
    const byStaff = await app.inject({
      method: 'PATCH',
      url: `/v1/events/${id}`,
      headers: staff.headers,
      payload: { title: 'x' },
    });
    expect(byStaff.statusCode).toBe(403);
    const byOutsider = await app.inject({
      method: 'PATCH',
      url: `/v1/events/${id}`,
      headers: outsider.headers,
      payload: { title: 'x' },
    });
    expect(byOutsider.statusCode).toBe(403);
    // Staff may see the draft; the public may not.
    expect((await app.inject({ url: `/v1/events/${id}`, headers: staff.headers })).statusCode).toBe(
      200,
    );
    expect((await app.inject({ url: `/v1/events/${id}` })).statusCode).toBe(404);
    expect(
      (await app.inject({ url: `/v1/events/${id}`, headers: outsider.headers })).statusCode,
    ).toBe(404);
    const byAdmin = await app.inject({
      method: 'PATCH',
      url: `/v1/events/${id}`,
      headers: admin.headers,
      payload: { title: 'By admin' },
    });
    expect(byAdmin.statusCode).toBe(200);
  });

  it('honours If-Match on PUT and PATCH (412 when stale)', async () => {
    const created = await createDraft();
    const { id } = created.json().data;
    const etag = created.headers.etag as string;
    const ok = await app.inject({
      method: 'PATCH',
      url: `/v1/events/${id}`,
      headers: { ...manager.headers, 'if-match': etag },
      payload: { title: 'Renamed' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().data.title).toBe('Renamed');
    const stale = await app.inject({
      method: 'PUT',
      url: `/v1/events/${id}`,
      headers: { ...manager.headers, 'if-match': etag },
      payload: { title: 'Again', category: 'concert', timeZone: 'UTC' },
    });
    expect(stale.statusCode).toBe(412);
    const put = await app.inject({
      method: 'PUT',
      url: `/v1/events/${id}`,
      headers: { ...manager.headers, 'if-match': ok.headers.etag as string },
      payload: { title: 'Replaced', category: 'comedy', timeZone: 'UTC' },
    });
    expect(put.statusCode).toBe(200);
    expect(put.json().data).toMatchObject({
      title: 'Replaced',
      category: 'comedy',
      tags: [],
      description: '',
    });
    // Parts not listed in PUT stay.
    expect(put.json().data.occurrences).toHaveLength(1);
  });

  it('names the field of every validation error', async () => {
    for (const [patch, field] of [
      [{ category: 'opera' }, 'body.category'],
      [{ occurrences: [{ startsAt: 'next friday' }] }, 'body.occurrences.0.startsAt'],
      [
        { ticketTypes: [{ name: 'GA', priceMinor: 'ten', currency: 'EUR', capacity: 1 }] },
        'body.ticketTypes.0.priceMinor',
      ],
      [{ timeZone: 'Mars/Olympus' }, 'body.timeZone'],
      [{ occurrences: [{ startsAt: future(3), endsAt: future(2) }] }, 'body.occurrences.0.endsAt'],
      [{ status: 'published' }, 'body.status'],
    ] as const) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/events',
        headers: manager.headers,
        payload: { ...draftBody(), ...patch },
      });
      expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      expect(
        res.json().errors.map((e: { field: string }) => e.field),
        JSON.stringify(patch),
      ).toContain(field);
    }
  });

  it('answers 400 naming organizerId when an admin names an organizer that does not exist', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: admin.headers,
      payload: { ...draftBody(), organizerId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.organizerId']);
  });

  it('publishes only complete events, then lists them publicly', async () => {
    const bare = await createDraft(manager, {
      organizerId: organizer.id,
      title: 'Lonely draft',
      category: 'concert',
    });
    const id = bare.json().data.id;
    const incomplete = await app.inject({
      method: 'POST',
      url: `/v1/events/${id}/publish`,
      headers: manager.headers,
    });
    expect(incomplete.statusCode).toBe(422);
    expect(incomplete.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'occurrences',
      'ticketTypes',
    ]);

    const occ = await app.inject({
      method: 'POST',
      url: `/v1/events/${id}/occurrences`,
      headers: manager.headers,
      payload: { startsAt: future(5), city: 'Patras' },
    });
    expect(occ.statusCode).toBe(201);
    const tt = await app.inject({
      method: 'POST',
      url: `/v1/events/${id}/ticket-types`,
      headers: manager.headers,
      payload: { name: 'Seat', priceMinor: 900, currency: 'EUR', capacity: 30 },
    });
    expect(tt.statusCode).toBe(201);
    const published = await app.inject({
      method: 'POST',
      url: `/v1/events/${id}/publish`,
      headers: manager.headers,
    });
    expect(published.statusCode).toBe(200);
    expect(published.json().data.status).toBe('published');
    const listed = await app.inject({ url: '/v1/events?city=patras' });
    expect(listed.json().data.map((e: { id: number }) => e.id)).toEqual([id]);
    const again = await app.inject({
      method: 'POST',
      url: `/v1/events/${id}/publish`,
      headers: manager.headers,
    });
    expect(again.statusCode).toBe(409);
  });

  it('edits sub-resources by stable id and protects what was sold', async () => {
    const event = (await createDraft()).json().data;
    const ttId = event.ticketTypes[0].id;
    const occId = event.occurrences[0].id;
    const second = await app.inject({
      method: 'POST',
      url: `/v1/events/${event.id}/ticket-types`,
      headers: manager.headers,
      payload: { name: 'VIP', priceMinor: 9000, currency: 'EUR', capacity: 10 },
    });
    const vipId = second.json().data.ticketTypes.find((t: { name: string }) => t.name === 'VIP').id;
    const patched = await app.inject({
      method: 'PATCH',
      url: `/v1/events/${event.id}/ticket-types/${vipId}`,
      headers: manager.headers,
      payload: { priceMinor: 9500 },
    });
    expect(
      patched.json().data.ticketTypes.find((t: { id: number }) => t.id === vipId).priceMinor,
    ).toBe(9500);
    const moved = await app.inject({
      method: 'PATCH',
      url: `/v1/events/${event.id}/occurrences/${occId}`,
      headers: manager.headers,
      payload: { city: 'Chania' },
    });
    expect(moved.json().data.occurrences[0]).toMatchObject({ id: occId, city: 'Chania' });

    await platform.database.db.execute(
      sql`UPDATE catalog_ticket_types SET sold = 5 WHERE id = ${ttId}`,
    );
    const shrink = await app.inject({
      method: 'PATCH',
      url: `/v1/events/${event.id}/ticket-types/${ttId}`,
      headers: manager.headers,
      payload: { capacity: 4 },
    });
    expect(shrink.statusCode).toBe(409);
    const dropSold = await app.inject({
      method: 'DELETE',
      url: `/v1/events/${event.id}/ticket-types/${ttId}`,
      headers: manager.headers,
    });
    expect(dropSold.statusCode).toBe(409);
    const dropVip = await app.inject({
      method: 'DELETE',
      url: `/v1/events/${event.id}/ticket-types/${vipId}`,
      headers: manager.headers,
    });
    expect(dropVip.statusCode).toBe(200);
    const other = await app.inject({
      method: 'PATCH',
      url: `/v1/events/${event.id}/ticket-types/999999`,
      headers: manager.headers,
      payload: { priceMinor: 1 },
    });
    expect(other.statusCode).toBe(404);
    const deleteSold = await app.inject({
      method: 'DELETE',
      url: `/v1/events/${event.id}`,
      headers: manager.headers,
    });
    expect(deleteSold.statusCode).toBe(409);
    expect(deleteSold.json().code).toBe('CATALOG.EVENT_HAS_SALES');
  });

  it('deletes an event nothing was sold of', async () => {
    const { id } = (await createDraft()).json().data;
    const res = await app.inject({
      method: 'DELETE',
      url: `/v1/events/${id}`,
      headers: manager.headers,
    });
    expect(res.statusCode).toBe(204);
    expect(
      (await app.inject({ url: `/v1/events/${id}`, headers: manager.headers })).statusCode,
    ).toBe(404);
  });

  it('cancels, publishing catalog.event.cancelled, and then refuses edits', async () => {
    const { id } = (await createDraft()).json().data;
    const res = await app.inject({
      method: 'POST',
      url: `/v1/events/${id}/cancel`,
      headers: owner.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.status).toBe('cancelled');
    const outbox = await platform.database.db.execute<{ payload: { eventId: number } }>(
      sql`SELECT payload FROM outbox_events WHERE name = 'catalog.event.cancelled'`,
    );
    expect(outbox.rows.map((r) => r.payload)).toContainEqual({ eventId: id, reason: null });
    const edit = await app.inject({
      method: 'PATCH',
      url: `/v1/events/${id}`,
      headers: owner.headers,
      payload: { title: 'x' },
    });
    expect(edit.statusCode).toBe(409);
  });

  it("lists an organizer's events: all statuses for members, public ones for others", async () => {
    const mine = await app.inject({
      url: `/v1/organizers/${organizer.id}/events?status=draft&limit=100`,
      headers: staff.headers,
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().data.length).toBeGreaterThan(0);
    expect(mine.json().data.every((e: { status: string }) => e.status === 'draft')).toBe(true);
    const theirs = await app.inject({ url: `/v1/organizers/${organizer.id}/events?limit=100` });
    expect(theirs.json().data.every((e: { status: string }) => e.status === 'published')).toBe(
      true,
    );
  });

  it('keeps the organizer name current when identity renames it', async () => {
    const { id } = (await createDraft()).json().data;
    await platform.database.transaction(async (tx) => {
      const { addEvent } = await import('../../../platform/events/outbox.js');
      await addEvent(tx, {
        name: 'identity.organizer.updated',
        payload: { organizerId: organizer.id, name: 'Harbour Nights Ltd' },
      });
    });
    await platform.relay.drain();
    const res = await app.inject({ url: `/v1/events/${id}`, headers: manager.headers });
    expect(res.json().data.organizer.name).toBe('Harbour Nights Ltd');
  });
});
