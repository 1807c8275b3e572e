/**
 * Refuses U+0000 in every validated string (and object key) of a request.
 * PostgreSQL text and jsonb cannot hold it ("invalid byte sequence 0x00"), so
 * a NUL that reached a query failed it with a 500; this plugin makes it the
 * 400 of a schema failure, naming the field, on every route at once.
 */
import { addValueCheck, refusedPaths, type AjvCompiler } from './value-checks.js';

const hasNul = (leaf: unknown) => typeof leaf === 'string' && leaf.includes('\u0000');

/** An Ajv plugin (Fastify's `ajv.plugins`): every compiled validator also refuses NUL characters. */
export const refuseNulCharacters = <T extends AjvCompiler>(ajv: T): T =>
  addValueCheck(ajv, (value) =>
    refusedPaths(value, hasNul).map((instancePath) => ({
      instancePath,
      schemaPath: '#/pattern',
      keyword: 'pattern',
      params: { character: 'U+0000' },
      message: 'must not contain the NUL character (U+0000)',
    })),
  );
