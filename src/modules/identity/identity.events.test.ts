import { afterAll, describe, expect, it } from 'vitest';
import { like } from 'drizzle-orm';
import { useTestApp } from '../../../test/app.js';
import { createUser } from '../../../test/fixtures/identity.js';
import { startSmtpServer, tokenFrom } from '../../../test/fixtures/smtp.js';
import { payloadMismatch } from '../../platform/events/event-catalogue.js';
import { outboxEvents } from '../../platform/events/outbox.tables.js';
import { IDENTITY_EVENTS, identityEvents } from './identity.events.js';

const smtp = await startSmtpServer();
afterAll(() => smtp.close());
const ctx = await useTestApp({ SMTP_URL: smtp.url });
const { app, platform } = ctx;
await platform.jobs.startWorkers();

const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, payload, headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const mailTo = async (to: string, subject: string) => {
  await platform.relay.drain();
  return tokenFrom(await smtp.nextMessage((m) => m.to === to && m.subject.startsWith(subject)));
};

describe('identity events', () => {
  it('declares every name IDENTITY_EVENTS lists, and nothing else', () => {
    expect(Object.keys(identityEvents.schemas).sort()).toEqual(
      Object.values(IDENTITY_EVENTS).sort(),
    );
  });

  it('every payload the flows put in the outbox matches its schema', async () => {
    const email = 'events@example.org';
    let password = 'an events passphrase 1';
    const registered = await post('/v1/auth/register', { name: 'Eve', email, password });
    expect(registered.statusCode, registered.body).toBe(201);
    let token: string = registered.json().data.tokens.accessToken;

    const verified = await post('/v1/auth/verify-email', {
      token: await mailTo(email, 'Confirm your email'),
    });
    expect(verified.statusCode, verified.body).toBe(200);

    const newPassword = 'an events passphrase 2';
    const changed = await post(
      '/v1/me/password',
      { currentPassword: password, newPassword },
      bearer(token),
    );
    expect(changed.statusCode, changed.body).toBe(204);
    password = newPassword;

    expect((await post('/v1/auth/password/forgot', { email })).statusCode).toBe(202);
    password = 'an events passphrase 3';
    const reset = await post('/v1/auth/password/reset', {
      token: await mailTo(email, 'Reset your'),
      password,
    });
    expect(reset.statusCode, reset.body).toBe(200);
    // Deliver the change now: it voids any email change pending at that moment.
    await platform.relay.drain();

    const signedIn = await post('/v1/auth/login', { email, password });
    token = signedIn.json().data.tokens.accessToken;
    const newEmail = 'events.moved@example.org';
    const asked = await post('/v1/me/email', { newEmail, password }, bearer(token));
    expect(asked.statusCode, asked.body).toBe(202);
    const confirmed = await post('/v1/auth/email-change/confirm', {
      token: await mailTo(newEmail, 'Confirm your new email'),
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);

    const owner = await createUser(ctx, { roles: ['organizer'] });
    const created = await post('/v1/organizers', { name: 'Event Hall' }, owner.headers);
    expect(created.statusCode, created.body).toBe(201);
    const renamed = await app.inject({
      method: 'PATCH',
      url: `/v1/organizers/${created.json().data.id}`,
      headers: owner.headers,
      payload: { name: 'Event Hall Ltd' },
    });
    expect(renamed.statusCode, renamed.body).toBe(200);

    const rows = await platform.database.db
      .select({ name: outboxEvents.name, payload: outboxEvents.payload })
      .from(outboxEvents)
      .where(like(outboxEvents.name, 'identity.%'));
    expect(new Set(rows.map((row) => row.name))).toEqual(new Set(Object.values(IDENTITY_EVENTS)));
    expect(rows.map((row) => payloadMismatch(row.name, row.payload)).filter(Boolean)).toEqual([]);
    // Both ways a password changes are in the outbox, with and without `via`.
    expect(
      rows.filter((row) => row.name === IDENTITY_EVENTS.passwordChanged).map((row) => row.payload),
    ).toEqual(
      expect.arrayContaining([
        { userId: expect.any(String) },
        expect.objectContaining({ via: 'reset' }),
      ]),
    );
  });

  it('catches a payload that drifts from its schema', () => {
    expect(payloadMismatch(IDENTITY_EVENTS.userRegistered, { userId: 'u' })).toBeUndefined();
    expect(payloadMismatch(IDENTITY_EVENTS.userRegistered, { user: 'u' })).toMatch(
      /does not match/,
    );
    expect(
      payloadMismatch(IDENTITY_EVENTS.organizerUpdated, { organizerId: 'o', name: 'n', extra: 1 }),
    ).toMatch(/does not match/);
  });
});
