import { expect } from 'vitest';

/** A small HTTP client for the Tickest contract tests: real requests to a listening server. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export function tickestClient(base: string) {
  return async function call(
    method: string,
    path: string,
    options: { body?: unknown; token?: string; raw?: string } = {},
  ): Promise<{ status: number; body: Json; headers: Headers }> {
    const headers: Record<string, string> = {};
    if (options.body !== undefined || options.raw !== undefined)
      headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await fetch(`${base}${path}`, {
      method,
      headers,
      body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
    const text = await res.text();
    let body: Json = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Plain text (healthz, images).
    }
    return { status: res.status, body, headers: res.headers };
  };
}

/** The shape the Android client reads of every event. */
export function expectTickestEvent(event: Json) {
  expect(event).toMatchObject({
    _id: expect.stringMatching(/^[0-9a-f]{24}$/),
    eventId: expect.any(Number),
    title: expect.any(String),
    description: expect.any(String),
    category: expect.any(String),
    image: expect.stringMatching(/^https?:\/\//),
    organizer: expect.any(String),
    favorited: expect.any(Boolean),
    createdAt: expect.any(String),
    updatedAt: expect.any(String),
    __v: expect.any(Number),
  });
  expect(Array.isArray(event.tags)).toBe(true);
  for (const entry of event.schedule) expect(entry.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  for (const type of event.ticketTypes) {
    expect(Number.isInteger(type.price)).toBe(true);
    expect(Number.isInteger(type.availableTickets)).toBe(true);
    expect(typeof type.type).toBe('string');
  }
}
