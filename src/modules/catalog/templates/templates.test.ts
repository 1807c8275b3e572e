import { describe, expect, it } from 'vitest';
import {
  app,
  owner,
  manager,
  outsider,
  attendee,
  organizer,
  future,
} from '../events/events.fixture.js';

describe('templates', () => {
  it('creates drafts from a template, overridable field by field', async () => {
    const tpl = await app.inject({
      method: 'POST',
      url: '/v1/event-templates',
      headers: owner.headers,
      payload: {
        name: 'Club gig',
        category: 'concert',
        description: 'A gig.',
        tags: ['live'],
        defaultDurationMinutes: 90,
        ticketTypes: [{ name: 'Door', priceMinor: 1500, currency: 'EUR', capacity: 200 }],
      },
    });
    expect(tpl.statusCode).toBe(201);
    const templateId = tpl.json().data.id;
    const listed = await app.inject({ url: '/v1/event-templates?category=concert&q=club' });
    expect(listed.json().meta.total).toBe(1);
    const startsAt = future(7);
    const res = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: manager.headers,
      payload: {
        organizerId: organizer.id,
        templateId,
        title: 'Friday gig',
        occurrences: [{ startsAt }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const event = res.json().data;
    expect(event).toMatchObject({
      title: 'Friday gig',
      category: 'concert',
      description: 'A gig.',
      tags: ['live'],
      templateId,
      status: 'draft',
    });
    expect(event.ticketTypes).toMatchObject([{ name: 'Door', priceMinor: 1500, capacity: 200 }]);
    expect(Date.parse(event.occurrences[0].endsAt) - Date.parse(startsAt)).toBe(90 * 60_000);
    const otherEdit = await app.inject({
      method: 'PATCH',
      url: `/v1/event-templates/${templateId}`,
      headers: outsider.headers,
      payload: { name: 'x' },
    });
    expect(otherEdit.statusCode).toBe(403);
    const asAttendee = await app.inject({
      method: 'POST',
      url: '/v1/event-templates',
      headers: attendee.headers,
      payload: { name: 'x', category: 'other' },
    });
    expect(asAttendee.statusCode).toBe(403);
  });
});
