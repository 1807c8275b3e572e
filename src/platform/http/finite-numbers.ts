/**
 * Refuses non-finite numbers in every validated request part. Ajv's type
 * coercion turns the strings "1e999" and "Infinity" into `Infinity` (and
 * JSON.parse does the same with a body's `1e999`), which satisfies
 * `type: integer` and any bound left open; PostgreSQL then fails on it, or a
 * bound is silently bypassed. Ajv has no option for this, so this plugin adds
 * a value check to each compiled validator: after a part passes its schema,
 * any non-finite number in it fails validation, naming its field.
 */
import { addValueCheck, refusedPaths, type AjvCompiler } from './value-checks.js';

const isNonFinite = (leaf: unknown) => typeof leaf === 'number' && !Number.isFinite(leaf);

/** The JSON pointers of the non-finite numbers in `value` (NaN, Infinity, -Infinity). */
export const nonFinitePaths = (value: unknown) => refusedPaths(value, isNonFinite);

/** An Ajv plugin (Fastify's `ajv.plugins`): every compiled validator also refuses non-finite numbers. */
export const refuseNonFiniteNumbers = <T extends AjvCompiler>(ajv: T): T =>
  addValueCheck(ajv, (value) =>
    nonFinitePaths(value).map((instancePath) => ({
      instancePath,
      schemaPath: '#/type',
      keyword: 'type',
      params: { type: 'finite number' },
      message: 'must be a finite number',
    })),
  );
