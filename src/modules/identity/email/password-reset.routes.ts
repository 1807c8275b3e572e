import { Type } from 'typebox';
import { Envelope, ok, problems } from '../../../platform/http/envelope.js';
import type { App } from '../../../platform/http/types.js';
import { requestMeta } from '../../../platform/http/request-meta.js';
import type { PasswordReset } from '../identity.context.js';
import { OneTimeToken } from '../identity.schemas.js';

/** The one answer to every reset request, whether or not the address has an account. */
export const FORGOT_ANSWER =
  'If an account exists for this address, we sent it a link to choose a new password.';

/** POST /v1/auth/password/forgot and /reset. */
export function passwordResetRoutes(passwordReset: PasswordReset) {
  return async (app: App): Promise<void> => {
    app.post(
      '/v1/auth/password/forgot',
      {
        config: { rateLimit: { max: 5, timeWindow: '15 minutes' } },
        schema: {
          summary: 'Ask for a password reset link',
          description:
            'Always answers 202 with the same body, whether or not the address has an account. Existing accounts get a one-time link valid for one hour.',
          tags: ['auth'],
          body: Type.Object(
            { email: Type.String({ format: 'email', maxLength: 254 }) },
            { additionalProperties: false },
          ),
          response: {
            202: Envelope(Type.Object({ message: Type.String() })),
            ...problems(400, 429),
          },
        },
      },
      async (request, reply) => {
        await passwordReset.forgot(request.body.email);
        return reply.code(202).send(ok({ message: FORGOT_ANSWER }));
      },
    );

    app.post(
      '/v1/auth/password/reset',
      {
        config: { rateLimit: { max: 10, timeWindow: '15 minutes' } },
        schema: {
          summary: 'Set a new password with a reset token',
          description:
            'Redeems the one-time token from the reset email, applies the password policy, and signs the account out everywhere (every session is revoked).',
          tags: ['auth'],
          body: Type.Object(
            { token: OneTimeToken, password: Type.String({ minLength: 1, maxLength: 1024 }) },
            { additionalProperties: false },
          ),
          response: {
            200: Envelope(Type.Object({ passwordReset: Type.Literal(true) })),
            ...problems(400, 429),
          },
        },
      },
      async (request) => {
        await passwordReset.reset(request.body.token, request.body.password, requestMeta(request));
        return ok({ passwordReset: true as const });
      },
    );
  };
}
