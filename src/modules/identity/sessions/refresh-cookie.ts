import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../../../config.js';
import { forbidden } from '../../../platform/http/errors.js';
import { IDENTITY_ERRORS } from '../identity.errors.js';

export const REFRESH_COOKIE = 'marquee_refresh';
/** Only the token endpoints ever receive the cookie. */
const COOKIE_PATH = '/v1/auth';

/** Sets the refresh token as an HttpOnly, Secure, SameSite=Strict cookie for browser clients. */
export function setRefreshCookie(reply: FastifyReply, token: string, config: Config): void {
  reply.setCookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: COOKIE_PATH,
    maxAge: config.refreshTokenTtlDays * 86_400,
  });
}

export function clearRefreshCookie(reply: FastifyReply): void {
  reply.clearCookie(REFRESH_COOKIE, {
    httpOnly: true,
    secure: true,
    sameSite: 'strict',
    path: COOKIE_PATH,
  });
}

function originOf(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

/**
 * The refresh token from the JSON body, or else from the cookie. A cookie is
 * sent by the browser on its own, so that path also needs the request to come
 * from one of our own origins (Origin, or Referer when a browser omits Origin):
 * SameSite=Strict plus this check stops cross-site request forgery.
 */
export function refreshTokenFrom(
  request: FastifyRequest,
  bodyToken: string | undefined,
  config: Config,
): string | undefined {
  if (bodyToken) return bodyToken;
  const cookie = request.cookies[REFRESH_COOKIE];
  if (!cookie) return undefined;
  const origin =
    originOf(request.headers.origin) ??
    originOf(typeof request.headers.referer === 'string' ? request.headers.referer : undefined);
  const allowed = new Set(
    [config.publicBaseUrl, ...config.corsOrigins.filter((o) => o !== '*')].map(
      (o) => originOf(o) ?? o,
    ),
  );
  if (!origin || !allowed.has(origin)) {
    throw forbidden(
      'A cookie-authenticated request must come from an allowed origin.',
      IDENTITY_ERRORS.csrfRejected,
    );
  }
  return cookie;
}
