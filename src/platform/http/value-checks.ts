/**
 * Checks Ajv cannot express, run on every validated request part after its
 * schema passed (Fastify's `ajv.plugins` wrap each compiled validator once, for
 * every route). Each check walks the part as coercion left it and names the
 * field of every value it refuses, as a schema failure would.
 */

interface ValidateContext {
  parentData: Record<string, unknown>;
  parentDataProperty: string;
}

/** An Ajv error object, as Fastify's error handler reads it. */
export interface ValidationIssue {
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

/** The one part of an Ajv instance these plugins touch (Ajv itself is Fastify's dependency). */
export interface AjvCompiler {
  compile(schema: never, meta?: boolean): unknown;
}

const pointerSegment = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The JSON pointers of the leaves in `value` that `isRefused` refuses; object
 * keys count as leaves too (at the pointer of their value).
 */
export function refusedPaths(
  value: unknown,
  isRefused: (leaf: unknown) => boolean,
  path = '',
  found: string[] = [],
): string[] {
  if (Array.isArray(value)) {
    value.forEach((item, index) => refusedPaths(item, isRefused, `${path}/${index}`, found));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const at = `${path}/${pointerSegment(key)}`;
      if (isRefused(key)) found.push(at);
      refusedPaths(item, isRefused, at, found);
    }
  } else if (isRefused(value)) found.push(path);
  return found;
}

/** Wraps every validator `ajv` compiles so that a part that passed its schema also passes `issuesOf`. */
export function addValueCheck<T extends AjvCompiler>(
  ajv: T,
  issuesOf: (value: unknown) => ValidationIssue[],
): T {
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
      const issues = issuesOf(value);
      checked.errors = issues.length ? issues : null;
      return issues.length === 0;
    };
    // Fastify passes the parent (so Ajv can coerce a root value) only to Ajv's own functions.
    checked.schemaEnv = validate.schemaEnv;
    return checked;
  };
  return ajv;
}
