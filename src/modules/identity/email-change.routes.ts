import { Type } from 'typebox';
import { Envelope, ok, problems } from '../../platform/http/envelope.js';
import type { App } from '../../platform/http/types.js';
import { assertSession } from './api-tokens.service.js';
import { requestMeta } from './auth.routes.js';
import {
  confirmEmailChange,
  RECENT_SIGN_IN_SECONDS,
  requestEmailChange,
} from './email-change.service.js';
import type { IdentityContext } from './identity.context.js';
import { Email } from './identity.schemas.js';
import { PASSWORD_MAX_LENGTH } from './passwords.js';
import { OneTimeToken, withRetryAfter } from './verification.routes.js';

/** POST /v1/me/email (start a change) and POST /v1/auth/email-change/confirm. */
export async function emailChangeRoutes(
  app: App,
  { ctx }: { ctx: IdentityContext },
): Promise<void> {
  app.post(
    '/v1/me/email',
    {
      config: { auth: true, rateLimit: { max: 10, timeWindow: '1 hour' } },
      schema: {
        summary: 'Change your email address (after the new address confirms)',
        description: [
          'Sends a one-time link (valid 24 hours) to the new address and a notice to the current one; the account keeps its current address until the link is used, and a newer request replaces an older one.',
          `Accounts with a password must send it (wrong: 403 IDENTITY.WRONG_PASSWORD); accounts that only sign in through an OpenID provider need a sign-in within the last ${RECENT_SIGN_IN_SECONDS / 60} minutes (403 AUTH.RECENT_SIGN_IN_REQUIRED). API tokens cannot change the address.`,
          '409 IDENTITY.EMAIL_TAKEN when another account has the address (registration tells the same); at most 5 requests per account and hour (429 with Retry-After).',
        ].join(' '),
        tags: ['me'],
        security: [{ bearerAuth: [] }],
        body: Type.Object(
          {
            newEmail: Email,
            password: Type.Optional(Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH })),
          },
          { additionalProperties: false },
        ),
        response: {
          202: Envelope(
            Type.Object({
              pendingEmail: Type.String(),
              expiresAt: Type.String({ format: 'date-time' }),
              message: Type.String(),
            }),
          ),
          ...problems(400, 401, 403, 404, 409, 429),
        },
      },
    },
    async (request, reply) => {
      const principal = request.principal!;
      assertSession(principal, 'change the email address');
      const pending = await requestEmailChange(ctx, {
        userId: principal.userId,
        newEmail: request.body.newEmail,
        proof: {
          kind: 'credentials',
          sessionId: principal.sessionId!,
          password: request.body.password,
        },
        meta: requestMeta(request),
      }).catch(withRetryAfter(reply));
      return reply.code(202).send(
        ok({
          pendingEmail: pending.pendingEmail,
          expiresAt: pending.expiresAt.toISOString(),
          message: `We sent a confirmation link to ${pending.pendingEmail}. Your address changes when you open it.`,
        }),
      );
    },
  );

  app.post(
    '/v1/auth/email-change/confirm',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        summary: 'Confirm a new email address',
        description:
          'Redeems the one-time token sent to the new address (valid 24 hours, works once): the account takes that address, verified. Sessions stay signed in. 409 IDENTITY.EMAIL_TAKEN when another account took the address meanwhile.',
        tags: ['auth'],
        body: Type.Object({ token: OneTimeToken }, { additionalProperties: false }),
        response: {
          200: Envelope(
            Type.Object({
              email: Type.String(),
              emailVerified: Type.Literal(true),
              emailVerifiedAt: Type.String({ format: 'date-time' }),
            }),
          ),
          ...problems(400, 409, 429),
        },
      },
    },
    async (request) => {
      const changed = await confirmEmailChange(
        ctx.platform,
        request.body.token,
        requestMeta(request),
      );
      return ok({
        email: changed.email,
        emailVerified: true as const,
        emailVerifiedAt: changed.emailVerifiedAt.toISOString(),
      });
    },
  );
}
