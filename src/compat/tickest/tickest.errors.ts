import type { FastifyError } from 'fastify';
import { AppError } from '../../platform/http/errors.js';
import type { App } from '../../platform/http/types.js';

/** A Tickest-style failure: the client reads only the status and `message`. */
export const tickestError = (status: number, message: string) =>
  new AppError(`TICKEST.${status}`, status, message);

const MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'Invalid JSON body',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Request body is required',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Unsupported content type: send application/json',
};

/** Ajv's first complaint in words a person can act on, e.g. `body.price must be number`. */
function validationMessage(error: FastifyError): string {
  const issue = error.validation?.[0];
  if (!issue) return error.message;
  const params = issue.params as Record<string, unknown>;
  const path = issue.instancePath.split('/').filter(Boolean).join('.');
  const where = [error.validationContext ?? 'body', path].filter(Boolean).join('.');
  if (typeof params.missingProperty === 'string')
    return `${where}.${params.missingProperty} is required`;
  if (typeof params.additionalProperty === 'string')
    return `${where}.${params.additionalProperty} is not an allowed field`;
  return `${where} ${issue.message ?? 'is invalid'}`;
}

/**
 * Inside the /api scope every failure leaves as `{"message": "..."}` with the
 * status Tickest used, instead of the native problem+json. Request ids stay
 * (the x-request-id header) and 5xx are logged without leaking internals.
 */
export function installTickestErrors(app: App): void {
  app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
    if (error instanceof AppError) {
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      return reply.code(error.status).send({ message: error.message });
    }
    if (error.validation) return reply.code(400).send({ message: validationMessage(error) });
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return reply.code(status).send({ message: MESSAGES[error.code] ?? error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ message: 'Internal server error' });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ message: `Cannot ${request.method} ${request.url.split('?')[0]}` }),
  );
}
