/**
 * Refuses non-finite numbers in every validated request part. Ajv's type
 * coercion turns the strings "1e999" and "Infinity" into `Infinity` (and
 * JSON.parse does the same with a body's `1e999`), which satisfies
 * `type: integer` and any bound left open; PostgreSQL then fails on it, or a
 * bound is silently bypassed. Ajv has no option for this, so this plugin wraps
 * each compiled validator once, for every route: after a part passes its
 * schema, any non-finite number in it fails validation, naming its field.
 */

interface ValidateContext {
  parentData: Record<string, unknown>;
  parentDataProperty: string;
}

interface ValidationIssue {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message: string;
}

type Validate = ((data: unknown, context?: ValidateContext) => boolean) & {
  errors?: unknown[] | null;
  schemaEnv?: unknown;
};

/** The one part of an Ajv instance this plugin touches (Ajv itself is Fastify's dependency). */
interface AjvCompiler {
  compile(schema: never, meta?: boolean): unknown;
}

const pointerSegment = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON pointers of the non-finite numbers in `value` (NaN, Infinity, -Infinity). */
export function nonFinitePaths(value: unknown, path = '', found: string[] = []): string[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) found.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => nonFinitePaths(item, `${path}/${index}`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value))
      nonFinitePaths(item, `${path}/${pointerSegment(key)}`, found);
  }
  return found;
}

const nonFiniteIssue = (instancePath: string): ValidationIssue => ({
  instancePath,
  schemaPath: '#/type',
  keyword: 'type',
  params: { type: 'finite number' },
  message: 'must be a finite number',
});

/** An Ajv plugin (Fastify's `ajv.plugins`): every compiled validator also refuses non-finite numbers. */
export function refuseNonFiniteNumbers<T extends AjvCompiler>(ajv: T): T {
  const compile = ajv.compile.bind(ajv) as (schema: never, meta?: boolean) => Validate;
  ajv.compile = (schema: never, meta?: boolean) => {
    const validate = compile(schema, meta);
    const checked: Validate = (data, context) => {
      if (!validate(data, context)) {
        checked.errors = validate.errors;
        return false;
      }
      // Coercion may have replaced the root value in its parent.
      const value = context ? context.parentData[context.parentDataProperty] : data;
      const paths = nonFinitePaths(value);
      checked.errors = paths.length ? paths.map(nonFiniteIssue) : null;
      return paths.length === 0;
    };
    // Fastify passes the parent (so Ajv can coerce a root value) only to Ajv's own functions.
    checked.schemaEnv = validate.schemaEnv;
    return checked;
  };
  return ajv;
}
