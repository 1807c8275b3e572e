import { Type } from 'typebox';
import { Envelope, ok, problems } from '../../../platform/http/envelope.js';
import type { App } from '../../../platform/http/types.js';
import { assertSession } from '../api-tokens/api-tokens.service.js';
import { requestMeta } from '../../../platform/http/request-meta.js';
import {
  approveEmailChange,
  cancelEmailChange,
  confirmEmailChange,
  RECENT_SIGN_IN_SECONDS,
  requestEmailChange,
} from './email-change.service.js';
import type { IdentityContext } from '../identity.context.js';
import { Email } from '../identity.schemas.js';
import { PASSWORD_MAX_LENGTH } from '../accounts/passwords.js';
import { OneTimeToken } from '../identity.schemas.js';
import { IDENTITY_ERRORS } from '../identity.errors.js';

const TokenBody = Type.Object({ token: OneTimeToken }, { additionalProperties: false });

const PendingChange = Type.Object({
  pendingEmail: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  message: Type.String(),
});

const sentTo = (pending: { pendingEmail: string; expiresAt: Date }) => ({
  pendingEmail: pending.pendingEmail,
  expiresAt: pending.expiresAt.toISOString(),
  message: `We sent a confirmation link to ${pending.pendingEmail}. Your address changes when you open it.`,
});

/**
 * POST /v1/me/email (start a change) and the links its emails carry:
 * POST /v1/auth/email-change/{approve,confirm,cancel}.
 */
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
          'Sends a one-time link (valid 24 hours) to the new address and a notice to the current one, with a one-time link that cancels the change (POST /v1/auth/email-change/cancel); the account keeps its current address until the link is used, and a newer request replaces an older one.',
          `Accounts with a password must send it (wrong: 403 ${IDENTITY_ERRORS.wrongPassword}; guesses are throttled per account together with the other checks of the current password: 429 ${IDENTITY_ERRORS.tooManyAttempts} with Retry-After); accounts that only sign in through an OpenID provider need a sign-in within the last ${RECENT_SIGN_IN_SECONDS / 60} minutes (403 ${IDENTITY_ERRORS.recentSignInRequired}). API tokens cannot change the address.`,
          `409 ${IDENTITY_ERRORS.emailTaken} when another account has the address (registration tells the same); at most 5 requests per account and hour (429 with Retry-After).`,
        ].join(' '),
        tags: ['me'],
        body: Type.Object(
          {
            newEmail: Email,
            password: Type.Optional(Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH })),
          },
          { additionalProperties: false },
        ),
        response: {
          202: Envelope(PendingChange),
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
      });
      return reply.code(202).send(ok(sentTo(pending)));
    },
  );

  app.post(
    '/v1/auth/email-change/approve',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        summary: 'Approve an email change from the current address',
        description: `Redeems the one-time token sent to the current address when a change was asked for without proof that the owner asked (the Tickest app edits users without a token); valid 24 hours, works once. The confirmation link then goes to the new address, and the account moves when that is confirmed (POST /v1/auth/email-change/confirm). 409 ${IDENTITY_ERRORS.emailTaken} when another account took the address meanwhile.`,
        tags: ['auth'],
        body: TokenBody,
        response: { 202: Envelope(PendingChange), ...problems(400, 409, 429) },
      },
    },
    async (request, reply) => {
      const pending = await approveEmailChange(
        ctx.platform,
        request.body.token,
        requestMeta(request),
      );
      return reply.code(202).send(ok(sentTo(pending)));
    },
  );

  app.post(
    '/v1/auth/email-change/confirm',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        summary: 'Confirm a new email address',
        description: `Redeems the one-time token sent to the new address (valid 24 hours, works once): the account takes that address, verified. Sessions stay signed in. 409 ${IDENTITY_ERRORS.emailTaken} when another account took the address meanwhile.`,
        tags: ['auth'],
        body: TokenBody,
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

  app.post(
    '/v1/auth/email-change/cancel',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        summary: 'Cancel a pending email change from the current address',
        description:
          'Redeems the one-time token from the notice sent to the current address (valid 24 hours, works once): every pending change of the account stops, its confirmation and approval links no longer work, and the account keeps its address. The password stays; reset it if the change was not yours.',
        tags: ['auth'],
        body: TokenBody,
        response: {
          200: Envelope(Type.Object({ cancelled: Type.Literal(true), message: Type.String() })),
          ...problems(400, 429),
        },
      },
    },
    async (request) => {
      await cancelEmailChange(ctx.platform, request.body.token, requestMeta(request));
      return ok({
        cancelled: true as const,
        message: 'The email change was cancelled: your account keeps its address.',
      });
    },
  );
}
