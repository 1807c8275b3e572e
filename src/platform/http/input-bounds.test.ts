import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.js';

/** Inputs PostgreSQL cannot hold answer a 400 naming their field, never a 500. */
const ctx = await useTestApp();
const { app } = ctx;

const fieldsOf = (body: { errors?: { field: string }[] }) => body.errors?.map((e) => e.field);

const expectRefused = async (url: string, field: string) => {
  const res = await app.inject({ method: 'GET', url });
  expect(res.statusCode, res.body).toBe(400);
  expect(res.json().code).toBe('REQUEST.VALIDATION_FAILED');
  expect(fieldsOf(res.json())).toContain(field);
};

describe('price filters fit the int columns', () => {
  it.each([
    ['/v1/events?minPrice=2147483648', 'query.minPrice'],
    ['/v1/events?minPrice=1e30', 'query.minPrice'],
    ['/v1/events?maxPrice=1e30', 'query.maxPrice'],
  ])('GET %s is a 400 naming %s', expectRefused);

  it('accepts the largest int4 as a bound', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/events?maxPrice=2147483647' });
    expect(res.statusCode, res.body).toBe(200);
  });
});
