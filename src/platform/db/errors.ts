interface PgErrorFields {
  code?: string;
  constraint?: string;
  cause?: PgErrorFields;
}

/**
 * Whether `error` is PostgreSQL's unique violation (23505), raised directly by
 * `pg` or wrapped by Drizzle; with `constraint`, only on that index.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e = error as PgErrorFields | undefined; e; e = e.cause) {
    if (e.code === '23505') return constraint === undefined || e.constraint === constraint;
  }
  return false;
}
