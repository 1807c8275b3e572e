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
  return hasPgError(error, '23505', constraint);
}

/** Whether `error` is a foreign key violation (23503), optionally of that constraint. */
export function isForeignKeyViolation(error: unknown, constraint?: string): boolean {
  return hasPgError(error, '23503', constraint);
}

function hasPgError(error: unknown, code: string, constraint?: string): boolean {
  for (let e = error as PgErrorFields | undefined; e; e = e.cause) {
    if (e.code === code) return constraint === undefined || e.constraint === constraint;
  }
  return false;
}
