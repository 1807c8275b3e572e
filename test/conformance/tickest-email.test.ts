import { afterAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../app.js';
import { startSmtpServer, tokenFrom } from '../fixtures/smtp.js';

/**
 * PUT /api/users/:id with a different email, as the app sends it (no token,
 * no password): the address changes only once the new one is confirmed.
 */
const smtp = await startSmtpServer();
afterAll(() => smtp.close());
const { app, platform } = await useTestApp({ SMTP_URL: smtp.url });
await platform.jobs.startWorkers();

const password = 'a long enough passphrase';
const register = async (name: string, email: string) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/users',
    payload: { name, email, password },
  });
  expect(res.statusCode).toBe(201);
  return res.json() as { _id: string; email: string };
};
const put = (id: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'PUT', url: `/api/users/${id}`, payload });
const get = async (id: string) =>
  (await app.inject({ method: 'GET', url: `/api/users/${id}` })).json();
const tickestLogin = (name: string) =>
  app.inject({ method: 'POST', url: '/api/users/login', payload: { name, password } });

describe('PUT /api/users/:id with a new email', () => {
  it('keeps the current email until the new address confirms, then switches', async () => {
    const user = await register('Nikos', 'nikos@tickest.test');
    const res = await put(user._id, { name: 'Nikos P.', email: 'Nikos.New@tickest.test' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      _id: user._id,
      name: 'Nikos P.',
      email: 'nikos@tickest.test',
    });

    const mail = await smtp.nextMessage(
      (m) => m.to === 'nikos.new@tickest.test' && m.subject.startsWith('Confirm your new email'),
    );
    await smtp.nextMessage(
      (m) => m.to === 'nikos@tickest.test' && m.subject.includes('change of your'),
    );
    expect((await get(user._id)).email).toBe('nikos@tickest.test');
    expect((await tickestLogin('nikos.new@tickest.test')).statusCode).toBe(401);

    const confirmed = await app.inject({
      method: 'POST',
      url: '/v1/auth/email-change/confirm',
      payload: { token: tokenFrom(mail) },
    });
    expect(confirmed.statusCode).toBe(200);
    expect((await get(user._id)).email).toBe('nikos.new@tickest.test');
    const login = await tickestLogin('nikos.new@tickest.test');
    expect(login.statusCode).toBe(200);
    expect(login.json()._id).toBe(user._id);
    expect((await tickestLogin('nikos@tickest.test')).statusCode).toBe(401);
  });

  it('answers 409 for a taken address and 400 for a malformed one, changing nothing', async () => {
    await register('Eleni', 'eleni@tickest.test');
    const user = await register('Petros', 'petros@tickest.test');
    const taken = await put(user._id, { name: 'Renamed', email: 'ELENI@tickest.test' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toEqual({ message: expect.any(String) });
    const bad = await put(user._id, { name: 'Renamed', email: 'no at sign' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toEqual({ message: 'Invalid email address' });
    expect(await get(user._id)).toMatchObject({ name: 'Petros', email: 'petros@tickest.test' });
  });

  it('treats the same address in other case as no change and mails nothing', async () => {
    const user = await register('Sofia', 'sofia@tickest.test');
    const res = await put(user._id, { email: 'SOFIA@tickest.test', about: 'Hi' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ email: 'sofia@tickest.test', about: 'Hi' });
    const sent = await platform.database.pool.query(
      `SELECT count(*)::int AS n FROM one_time_tokens t JOIN users u ON u.id = t.user_id
        WHERE u.email = 'sofia@tickest.test' AND t.purpose = 'change_email'`,
    );
    expect(sent.rows[0].n).toBe(0);
  });
});
