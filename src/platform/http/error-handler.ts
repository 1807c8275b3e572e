import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import FindMyWay, { type HTTPMethod } from 'find-my-way';
import { AppError, type FieldError } from './errors.js';
import { humanMessage } from './field-messages.js';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Fastify's own client-error codes mapped to our stable codes. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'REQUEST.MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'REQUEST.EMPTY_JSON_BODY',
  FST_ERR_CTP_BODY_TOO_LARGE: 'REQUEST.BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'REQUEST.INVALID_CONTENT_LENGTH',
  FST_ERR_VALIDATION: 'REQUEST.VALIDATION_FAILED',
  // @fastify/multipart's own client errors (they carry their status).
  FST_MP_PREMATURE_CLOSE: 'REQUEST.MALFORMED_MULTIPART',
  FST_PROTO_VIOLATION: 'REQUEST.MALFORMED_MULTIPART',
  FST_INVALID_JSON_FIELD_ERROR: 'REQUEST.MALFORMED_MULTIPART',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
  FST_PARTS_LIMIT: 'REQUEST.TOO_MANY_PARTS',
  FST_FILES_LIMIT: 'REQUEST.TOO_MANY_PARTS',
  FST_FIELDS_LIMIT: 'REQUEST.TOO_MANY_PARTS',
};

/**
 * The multipart parser (busboy, under @fastify/multipart) reports a broken
 * body with plain errors, no status: told apart by their messages, they are
 * the client's mistake (400), with what is wrong in our words.
 */
const MULTIPART_PARSE_ERRORS: Array<[RegExp, string]> = [
  [
    /^Multipart: Boundary not found$/,
    'The multipart/form-data Content-Type names no boundary (multipart/form-data; boundary=...).',
  ],
  [
    /unexpected end of multipart data$/i,
    'The multipart/form-data body ends before its closing boundary.',
  ],
  [/^Missing Content-Type-header\.$/, 'The multipart body has no Content-Type header.'],
  [/^Unsupported Content-Type\.$/, 'The body is not multipart/form-data.'],
];

function multipartParseProblem(error: FastifyError): string | undefined {
  if (error.statusCode !== undefined || error.code !== undefined) return undefined;
  return MULTIPART_PARSE_ERRORS.find(([pattern]) => pattern.test(error.message))?.[1];
}

export interface ProblemBody {
  success: false;
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  instance?: string;
  errors?: FieldError[];
  details?: Record<string, unknown>;
}

export function problemBody(
  request: FastifyRequest,
  status: number,
  code: string,
  detail: string,
  extra: { errors?: FieldError[]; details?: Record<string, unknown> } = {},
): ProblemBody {
  return {
    success: false,
    type: `urn:marquee:problem:${code.toLowerCase()}`,
    title: TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error'),
    status,
    detail,
    code,
    requestId: String(request.id),
    instance: request.url.split('?')[0],
    ...(extra.errors?.length ? { errors: extra.errors } : {}),
    ...(extra.details ? { details: extra.details } : {}),
  };
}

export function sendProblem(reply: FastifyReply, body: ProblemBody) {
  return reply.code(body.status).type('application/problem+json; charset=utf-8').send(body);
}

const SOURCE_NAMES: Record<string, string> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

/** Turns Ajv validation output into one `{field, message}` per bad field. */
function fieldErrors(error: FastifyError): FieldError[] {
  const source = SOURCE_NAMES[error.validationContext ?? 'body'] ?? 'body';
  const byField = new Map<string, { message: string; isUnion: boolean }>();
  for (const issue of error.validation ?? []) {
    const params = issue.params as Record<string, unknown>;
    const segments = issue.instancePath
      .split('/')
      .filter(Boolean)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    let message = humanMessage(issue) ?? issue.message ?? 'is invalid';
    if (typeof params.missingProperty === 'string') segments.push(params.missingProperty);
    if (typeof params.additionalProperty === 'string') {
      segments.push(params.additionalProperty);
      message = 'is not an allowed property';
    }
    const field = [source, ...segments].join('.');
    // With allErrors, a union reports every failed branch too; its own summary says it best.
    const isUnion = issue.keyword === 'anyOf' || issue.keyword === 'oneOf';
    const seen = byField.get(field);
    if (!seen || (isUnion && !seen.isUnion)) byField.set(field, { message, isUnion });
  }
  return [...byField].map(([field, { message }]) => ({ field, message }));
}

/**
 * Installs the one error handler and the not-found handler: every failure
 * leaves as RFC 9457 problem+json; 5xx never carry internals but are logged
 * with their stack.
 */
export function installErrorHandling(app: FastifyInstance): void {
  // A method-agnostic copy of the route table, to tell 405 from 404.
  const routes = FindMyWay({ ignoreTrailingSlash: true });
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD') continue;
      try {
        routes.on(method as HTTPMethod, route.url, () => {});
      } catch {
        // Duplicate shapes are Fastify's concern; ignore here.
      }
    }
  });

  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      if (error.status === 503) reply.header('retry-after', '1');
      // A use case that refuses for a while (429) says how long in its details.
      const wait = error.details?.retryAfterSeconds;
      if (error.status === 429 && typeof wait === 'number' && !reply.hasHeader('retry-after'))
        reply.header('retry-after', String(wait));
      return sendProblem(
        reply,
        problemBody(request, error.status, error.code, error.message, {
          errors: error.errors,
          details: error.details,
        }),
      );
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      const errors = fieldErrors(fastifyError);
      const detail = errors.map((e) => `${e.field} ${e.message}`).join('; ');
      return sendProblem(
        reply,
        problemBody(
          request,
          400,
          'REQUEST.VALIDATION_FAILED',
          detail || 'The request is invalid.',
          {
            errors,
          },
        ),
      );
    }
    const multipart = multipartParseProblem(fastifyError);
    if (multipart) {
      return sendProblem(
        reply,
        problemBody(request, 400, 'REQUEST.MALFORMED_MULTIPART', multipart),
      );
    }
    const status = fastifyError.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code =
        FASTIFY_CODES[fastifyError.code] ??
        `REQUEST.${TITLES[status]?.toUpperCase().replace(/ /g, '_') ?? 'INVALID'}`;
      const detail =
        code === 'REQUEST.MALFORMED_JSON'
          ? 'The request body is not valid JSON.'
          : fastifyError.message;
      return sendProblem(reply, problemBody(request, status, code, detail));
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(
      reply,
      problemBody(
        request,
        status >= 500 ? status : 500,
        'SERVER.INTERNAL_ERROR',
        'An unexpected error occurred. Quote the requestId when reporting it.',
      ),
    );
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = (['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const).filter(
      (method) => method !== request.method && routes.find(method, path) !== null,
    );
    if (allowed.length > 0) {
      if (allowed.includes('GET')) allowed.push('HEAD' as never);
      reply.header('allow', allowed.join(', '));
      return sendProblem(
        reply,
        problemBody(
          request,
          405,
          'REQUEST.METHOD_NOT_ALLOWED',
          `${request.method} is not allowed on ${path}; use ${allowed.join(', ')}.`,
        ),
      );
    }
    return sendProblem(
      reply,
      problemBody(request, 404, 'REQUEST.ROUTE_NOT_FOUND', `No route ${request.method} ${path}.`),
    );
  });
}
