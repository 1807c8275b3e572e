import { Type } from 'typebox';
import { Envelope, ok, problems } from '../../../platform/http/envelope.js';
import type { App } from '../../../platform/http/types.js';
import { resendVerification, verifyEmail } from './verification.service.js';
import { OneTimeToken } from '../identity.schemas.js';

/** A one-time token from an email link. */
const Message = Envelope(Type.Object({ message: Type.String() }));

/** POST /v1/auth/verify-email and its resend. */
export async function verificationRoutes(app: App): Promise<void> {
  const { platform } = app;

  app.post(
    '/v1/auth/verify-email',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        summary: 'Verify an email address',
        description:
          'Redeems the one-time token from the verification email (valid 24 hours, works once).',
        tags: ['auth'],
        body: Type.Object({ token: OneTimeToken }, { additionalProperties: false }),
        response: {
          200: Envelope(
            Type.Object({
              emailVerified: Type.Literal(true),
              emailVerifiedAt: Type.String({ format: 'date-time' }),
            }),
          ),
          ...problems(400, 429),
        },
      },
    },
    async (request) => {
      const result = await verifyEmail(platform, request.body.token);
      return ok({
        emailVerified: true as const,
        emailVerifiedAt: result.emailVerifiedAt.toISOString(),
      });
    },
  );

  app.post(
    '/v1/auth/verify-email/resend',
    {
      config: { auth: true, rateLimit: { max: 5, timeWindow: '1 hour' } },
      schema: {
        summary: 'Send the verification email again',
        description:
          'For the signed-in user whose address is not verified yet; at most once a minute (429 with Retry-After).',
        tags: ['auth'],
        response: { 202: Message, ...problems(401, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      await resendVerification(platform, request.principal!.userId);
      return reply.code(202).send(ok({ message: 'A new verification email is on its way.' }));
    },
  );
}
