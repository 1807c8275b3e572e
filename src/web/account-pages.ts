import type { FastifyRequest } from 'fastify';
import {
  acceptInvitation,
  approveEmailChange,
  cancelEmailChange,
  confirmEmailChange,
  identityContext,
  login,
  logout,
  passwordResetOf,
  verifyEmail,
} from '../modules/identity/index.js';
import { badRequest } from '../platform/http/errors.js';
import { html, type SafeHtml } from '../platform/http/html-page.js';
import { requestMeta } from '../platform/http/request-meta.js';
import type { Platform } from '../platform/platform.js';

/** A form's fields, as strings (the first value of each name). */
export type FormFields = Record<string, string | undefined>;

/** Extra inputs an action's form asks for besides the button. */
type Fields = 'none' | 'new-password' | 'sign-in';

/**
 * A page an email link opens: GET shows what will happen and a button (so a
 * mail scanner that opens the link redeems nothing), POST does it through
 * identity's use case and shows the outcome.
 */
export interface TokenAction {
  path: string;
  /** Other paths that mailed links use for the same page (GET only). */
  aliases?: string[];
  title: string;
  intro: string;
  button: string;
  fields: Fields;
  /** Redeems the token; answers the success page's title and body. */
  run(
    platform: Platform,
    token: string,
    form: FormFields,
    request: FastifyRequest,
  ): Promise<{ title: string; body: SafeHtml }>;
}

const required = (form: FormFields, name: string, label: string): string => {
  const value = form[name];
  if (!value) throw badRequest(`${label} is missing.`, [{ field: name, message: 'is required' }]);
  return value;
};

export const TOKEN_ACTIONS: TokenAction[] = [
  {
    path: '/verify-email',
    title: 'Confirm your email address',
    intro: 'Press the button to confirm that this email address is yours.',
    button: 'Confirm email address',
    fields: 'none',
    run: async (platform, token) => {
      await verifyEmail(platform, token);
      return {
        title: 'Email address confirmed',
        body: html`<p>Thank you: your email address is confirmed. You can close this page.</p>`,
      };
    },
  },
  {
    path: '/reset-password',
    title: 'Choose a new password',
    intro: 'Choose the new password of your account. Saving it signs you out on every device.',
    button: 'Save new password',
    fields: 'new-password',
    run: async (platform, token, form, request) => {
      const password = required(form, 'password', 'The new password');
      if (password !== form.confirm)
        throw badRequest('The two passwords differ: type the same one twice.', [
          { field: 'confirm', message: 'does not match the password' },
        ]);
      await passwordResetOf(platform).reset(token, password, requestMeta(request));
      return {
        title: 'Password changed',
        body: html`<p>
          Your password was changed and every device was signed out. Sign in again with the new
          password.
        </p>`,
      };
    },
  },
  {
    path: '/confirm-email-change',
    title: 'Confirm your new email address',
    intro: 'Press the button to make this address the email address of your account.',
    button: 'Confirm new email address',
    fields: 'none',
    run: async (platform, token, _form, request) => {
      const changed = await confirmEmailChange(platform, token, requestMeta(request));
      return {
        title: 'Email address changed',
        body: html`<p>Your account now uses <strong>${changed.email}</strong>.</p>`,
      };
    },
  },
  {
    path: '/approve-email-change',
    title: 'Approve the change of your email address',
    intro:
      'Approve only if you asked for this change. We then send a confirmation link to the new address; your account moves when it is opened.',
    button: 'Approve the change',
    fields: 'none',
    run: async (platform, token, _form, request) => {
      const pending = await approveEmailChange(platform, token, requestMeta(request));
      return {
        title: 'Change approved',
        body: html`<p>
          We sent a confirmation link to <strong>${pending.pendingEmail}</strong>. Your address
          changes when you open it.
        </p>`,
      };
    },
  },
  {
    path: '/cancel-email-change',
    title: 'Cancel the change of your email address',
    intro:
      'Press the button to stop every pending change of your email address; your account keeps its current address.',
    button: 'Cancel the change',
    fields: 'none',
    run: async (platform, token, _form, request) => {
      await cancelEmailChange(platform, token, requestMeta(request));
      return {
        title: 'Change cancelled',
        body: html`<p>
          The email change was cancelled: your account keeps its address. If you did not ask for the
          change, <a href="/forgot-password">reset your password</a>.
        </p>`,
      };
    },
  },
  {
    // The invitation mail links here; the unused template's path is served too.
    path: '/organizer-invitations/accept',
    aliases: ['/invitations/accept'],
    title: 'Join an organizer team',
    intro:
      'Sign in with the account of the invited email address (verified) to accept the invitation.',
    button: 'Sign in and accept',
    fields: 'sign-in',
    run: async (platform, token, form, request) => {
      const ctx = identityContext(platform);
      const email = required(form, 'email', 'The email address');
      const password = required(form, 'password', 'The password');
      const { user, tokens } = await login(ctx, { email, password }, requestMeta(request));
      // The sign-in only proves who accepts: its session ends with this request.
      const joined = await acceptInvitation(
        ctx,
        { userId: user.id, roles: user.roles, emailVerified: Boolean(user.emailVerifiedAt) },
        token,
      ).finally(() => logout(ctx, { sessionId: tokens.sessionId }));
      return {
        title: 'Invitation accepted',
        body: html`<p>You joined the organizer team as ${joined.role}.</p>`,
      };
    },
  },
];

const FIELD_INPUTS: Record<Fields, SafeHtml> = {
  none: html``,
  'new-password': html`<label for="password">New password</label>
    <input
      id="password"
      name="password"
      type="password"
      autocomplete="new-password"
      required
      minlength="1"
      maxlength="1024"
    />
    <label for="confirm">New password, again</label>
    <input
      id="confirm"
      name="confirm"
      type="password"
      autocomplete="new-password"
      required
      maxlength="1024"
    />`,
  'sign-in': html`<label for="email">Email address</label>
    <input id="email" name="email" type="email" autocomplete="username" required maxlength="254" />
    <label for="password">Password</label>
    <input
      id="password"
      name="password"
      type="password"
      autocomplete="current-password"
      required
      maxlength="1024"
    />`,
};

/** The action's form, with the token as a hidden field and, after a failed try, what went wrong. */
export function actionForm(action: TokenAction, token: string, problem?: string): SafeHtml {
  return html`<h1>${action.title}</h1>
    ${problem ? html`<p class="error" role="alert">${problem}</p>` : ''}
    <p>${action.intro}</p>
    <form method="post" action="${action.path}">
      <input type="hidden" name="token" value="${token}" />
      ${FIELD_INPUTS[action.fields]}
      <button type="submit">${action.button}</button>
    </form>`;
}
