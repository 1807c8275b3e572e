/** One field that failed validation, as listed in a problem's `errors[]`. */
export interface FieldError {
  /** Where the value came from and its path, e.g. `body.email` or `query.limit`. */
  field: string;
  message: string;
}

/**
 * An Error that captures no stack when `quiet`: a 4xx is an answer, not a
 * fault; nobody reads its stack, and capturing one is most of the cost of
 * refusing (a sold-out rush refuses thousands).
 */
class QuietableError extends Error {
  constructor(message: string, quiet: boolean) {
    const limit = Error.stackTraceLimit;
    if (quiet) Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}

/**
 * The one error type use cases throw. `code` is stable and documented
 * (`MODULE.REASON`); `status` is the HTTP status the error handler answers
 * with. Only 5xx carry a stack (they are logged with it).
 */
export class AppError extends QuietableError {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly errors?: FieldError[],
  ) {
    super(message, status < 500);
    this.name = 'AppError';
  }
}

export const badRequest = (message: string, errors?: FieldError[], code = 'REQUEST.INVALID') =>
  new AppError(code, 400, message, undefined, errors);

/** A single bad parameter: 400 with one entry in `errors[]`. */
export const invalidField = (field: string, message: string) =>
  badRequest(`${field}: ${message}`, [{ field, message }]);

export const unauthorized = (
  message = 'Authentication is required.',
  code = 'AUTH.UNAUTHENTICATED',
) => new AppError(code, 401, message);

export const forbidden = (message = 'You may not do this.', code = 'AUTH.FORBIDDEN') =>
  new AppError(code, 403, message);

export const notFound = (what: string, code = 'RESOURCE.NOT_FOUND') =>
  new AppError(code, 404, `${what} was not found.`);

export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 409, message, details);

/** A rate limit's window in words: `1 hour`, `15 minutes`, `90 s` (a string, like `1 hour`, as given). */
export function describeWindow(window: number | string): string {
  if (typeof window === 'string') return window;
  const seconds = Math.round(window / 1000);
  const unit = (n: number, name: string) => `${n} ${name}${n === 1 ? '' : 's'}`;
  if (seconds > 0 && seconds % 3600 === 0) return unit(seconds / 3600, 'hour');
  if (seconds > 0 && seconds % 60 === 0) return unit(seconds / 60, 'minute');
  return `${seconds} s`;
}

/**
 * Over the request rate limit (429) of `max` requests per `window` (ms, or
 * words like `1 hour`); the caller sets Retry-After.
 */
export const rateLimited = (max: number, window: number | string, after: string) =>
  new AppError(
    'REQUEST.RATE_LIMITED',
    429,
    `Too many requests: the limit is ${max} per ${describeWindow(window)}; retry in ${after}.`,
  );

/** The database could not answer in time or at all: try again shortly (503, Retry-After). */
export const serviceUnavailable = (
  message = 'The service could not reach its database in time; try again shortly.',
) => new AppError('SERVICE.UNAVAILABLE', 503, message);

export const preconditionFailed = () =>
  new AppError(
    'REQUEST.PRECONDITION_FAILED',
    412,
    'The resource has changed since you read it (If-Match does not match its ETag).',
  );
