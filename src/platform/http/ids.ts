import { Type } from 'typebox';

/**
 * A row id of a `serial` column: 1..2^31-1. Larger numbers are answered 400
 * by validation instead of reaching PostgreSQL as an out-of-range int4 (a 500).
 */
export const SerialId = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A UUID in its canonical text form (any case), as PostgreSQL's `uuid` accepts it. */
export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID.test(value);
