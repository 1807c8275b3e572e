import { Type } from 'typebox';
import { problems } from '../../../platform/http/envelope.js';
import type { App } from '../../../platform/http/types.js';
import { PASSWORD_MAX_LENGTH } from './passwords.js';
import { deleteOwnAccount } from './account-deletion.service.js';
import { requestMeta } from '../../../platform/http/request-meta.js';
import type { IdentityContext } from '../identity.context.js';
import { RECENT_SIGN_IN_SECONDS } from './reauthentication.js';
import { IDENTITY_ERRORS } from '../identity.errors.js';

const DeleteMeBody = Type.Object(
  { password: Type.Optional(Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH })) },
  { additionalProperties: false },
);

/** DELETE /v1/me: the owner deletes their account, after proving it is them. */
export async function accountDeletionRoutes(
  app: App,
  { ctx }: { ctx: IdentityContext },
): Promise<void> {
  app.delete(
    '/v1/me',
    {
      config: { auth: true },
      // No body at all (an OpenID-only account has nothing to send) reads as `{}`.
      preValidation: (request, _reply, done) => {
        request.body ??= {};
        done();
      },
      schema: {
        summary: 'Delete your account (personal data is anonymised, sessions end)',
        description: `Send the current password (missing: 400; wrong: 403 ${IDENTITY_ERRORS.wrongPassword}; guesses are throttled per account together with the other checks of the current password: 429 ${IDENTITY_ERRORS.tooManyAttempts} with Retry-After). An account that only signs in through an OpenID provider sends no body and needs a sign-in within the last ${RECENT_SIGN_IN_SECONDS / 60} minutes (403 ${IDENTITY_ERRORS.recentSignInRequired}). API tokens cannot delete an account (403 AUTH.SESSION_REQUIRED).`,
        tags: ['me'],
        body: DeleteMeBody,
        response: { 204: Type.Null(), ...problems(400, 401, 403, 409, 429) },
      },
    },
    async (request, reply) => {
      await deleteOwnAccount(ctx, request.principal!, request.body.password, requestMeta(request));
      return reply.code(204).send(null);
    },
  );
}
