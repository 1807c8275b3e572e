import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../../test/app.js';
import {
  addOrganizerMember,
  createOrganizer,
  createUser,
} from '../../../../test/fixtures/identity.js';
import { outboxEvents } from '../../../platform/events/outbox.tables.js';
import { isOrganizerMember } from './organizers.service.js';

const ctx = await useTestApp();
const { app, platform } = ctx;
const db = platform.database.db;

describe('organizer profiles', () => {
  it('lets organizers create a profile and makes them owner', async () => {
    const organizer = await createUser(ctx, { roles: ['organizer'] });
    const res = await app.inject({
      method: 'POST',
      url: '/v1/organizers',
      headers: organizer.headers,
      payload: { name: 'Café Concerts', description: 'Live music' },
    });
    expect(res.statusCode).toBe(201);
    const profile = res.json().data;
    expect(profile.slug).toBe('cafe-concerts');
    expect(await isOrganizerMember(db, organizer.id, profile.id, 'owner')).toBe(true);
    const events = await db
      .select()
      .from(outboxEvents)
      .where(eq(outboxEvents.name, 'identity.organizer.created'));
    expect(events.map((e) => e.payload)).toContainEqual({
      organizerId: profile.id,
      name: 'Café Concerts',
    });

    const again = await app.inject({
      method: 'POST',
      url: '/v1/organizers',
      headers: organizer.headers,
      payload: { name: 'Café Concerts' },
    });
    expect(again.json().data.slug).toBe('cafe-concerts-2');

    const mine = await app.inject({
      method: 'GET',
      url: '/v1/me/organizers',
      headers: organizer.headers,
    });
    expect(mine.json().data.map((o: { role: string }) => o.role)).toEqual(['owner', 'owner']);
    const open = await app.inject({ method: 'GET', url: `/v1/organizers/${profile.id}` });
    expect(open.json().data.name).toBe('Café Concerts');
  });

  it('forbids attendees from creating profiles', async () => {
    const attendee = await createUser(ctx);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/organizers',
      headers: attendee.headers,
      payload: { name: 'Nope' },
    });
    expect(res.statusCode).toBe(403);
  });

  it('lets managers edit, hides the team from outsiders and rejects staff edits', async () => {
    const owner = await createUser(ctx, { roles: ['organizer'] });
    const manager = await createUser(ctx);
    const staff = await createUser(ctx);
    const outsider = await createUser(ctx);
    const org = await createOrganizer(ctx, owner);
    await addOrganizerMember(ctx, org.id, manager.id, 'manager');
    await addOrganizerMember(ctx, org.id, staff.id, 'staff');
    const patch = (headers: Record<string, string>) =>
      app.inject({
        method: 'PATCH',
        url: `/v1/organizers/${org.id}`,
        headers,
        payload: { name: 'Renamed' },
      });
    expect((await patch(staff.headers)).statusCode).toBe(403);
    expect((await patch(outsider.headers)).statusCode).toBe(404);
    expect((await patch(manager.headers)).statusCode).toBe(200);
    const events = await db
      .select()
      .from(outboxEvents)
      .where(eq(outboxEvents.name, 'identity.organizer.updated'));
    expect(events.map((e) => e.payload)).toContainEqual({ organizerId: org.id, name: 'Renamed' });
    const members = await app.inject({
      method: 'GET',
      url: `/v1/organizers/${org.id}/members`,
      headers: staff.headers,
    });
    expect(members.json().data).toHaveLength(3);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/v1/organizers/${org.id}/members`,
          headers: outsider.headers,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('protects the last owner and lets only owners grant ownership', async () => {
    const owner = await createUser(ctx, { roles: ['organizer'] });
    const manager = await createUser(ctx);
    const newcomer = await createUser(ctx);
    const org = await createOrganizer(ctx, owner);
    await addOrganizerMember(ctx, org.id, manager.id, 'manager');
    const url = `/v1/organizers/${org.id}/members`;

    const leave = await app.inject({
      method: 'DELETE',
      url: `${url}/${owner.id}`,
      headers: owner.headers,
    });
    expect(leave.statusCode).toBe(409);
    expect(leave.json().code).toBe('IDENTITY.LAST_OWNER');
    const demote = await app.inject({
      method: 'PATCH',
      url: `${url}/${owner.id}`,
      headers: owner.headers,
      payload: { role: 'staff' },
    });
    expect(demote.statusCode).toBe(409);

    const grant = await app.inject({
      method: 'POST',
      url,
      headers: manager.headers,
      payload: { userId: newcomer.id, role: 'owner' },
    });
    expect(grant.statusCode).toBe(403);
    const add = await app.inject({
      method: 'POST',
      url,
      headers: manager.headers,
      payload: { userId: newcomer.id, role: 'staff' },
    });
    expect(add.statusCode).toBe(204);
    expect(await isOrganizerMember(db, newcomer.id, org.id, 'staff')).toBe(true);
    expect(await isOrganizerMember(db, newcomer.id, org.id, 'manager')).toBe(false);

    await app.inject({
      method: 'PATCH',
      url: `${url}/${manager.id}`,
      headers: owner.headers,
      payload: { role: 'owner' },
    });
    const leaveNow = await app.inject({
      method: 'DELETE',
      url: `${url}/${owner.id}`,
      headers: owner.headers,
    });
    expect(leaveNow.statusCode).toBe(204);
    expect(await isOrganizerMember(db, owner.id, org.id, 'staff')).toBe(false);
  });

  it('returns contacts for known ids only', async () => {
    const user = await createUser(ctx, { name: 'Contact Me' });
    const contacts = await ctx.modules.identity.api.getUserContacts(db, [
      user.id,
      '00000000-0000-4000-8000-000000000000',
    ]);
    expect(contacts.size).toBe(1);
    expect(contacts.get(user.id)).toEqual({ name: 'Contact Me', email: user.email });
  });
});
