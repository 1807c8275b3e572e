import type { FastifyError } from 'fastify';
import { FORGOT_ANSWER, type IdentityApi } from '../modules/identity/index.js';
import { AppError } from '../platform/http/errors.js';
import { html, pageMessage, sendErrorPage, sendPage } from '../platform/http/html-page.js';
import type { App } from '../platform/http/types.js';
import { actionForm, TOKEN_ACTIONS, type FormFields } from './account-pages.js';

/** Form posts are small: a token, an address, two passwords. */
const FORM_BODY_LIMIT = 8 * 1024;

/** The first value of each field of an `application/x-www-form-urlencoded` body. */
export function parseForm(body: string): FormFields {
  const fields: FormFields = {};
  for (const [name, value] of new URLSearchParams(body)) fields[name] ??= value;
  return fields;
}

const tokenOf = (query: unknown): string | undefined => {
  const token = (query as { token?: unknown }).token;
  return typeof token === 'string' && token.length > 0 ? token : undefined;
};

const missingToken = () =>
  new AppError(
    'WEB.LINK_INCOMPLETE',
    400,
    'This link is incomplete: open the link from your email again, or copy it whole into the address bar.',
  );

/**
 * Minimal server-rendered pages behind the links in Marquee's emails, until
 * the web app exists: a home page, and one page per emailed action that
 * shows a form and completes the action when it is posted. Encapsulated: the
 * form parser and the HTML error pages apply to these routes only.
 */
export async function webPages(app: App, { identity }: { identity: IdentityApi }): Promise<void> {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
    (_request, body, done) => done(null, parseForm(body as string)),
  );
  // Errors on these routes (bad tokens, rate limits, oversized or unparsable forms) answer a page.
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof AppError) return sendErrorPage(reply, error);
    const status = error.statusCode ?? 500;
    if (status >= 500) throw error;
    return sendErrorPage(
      reply,
      new AppError('WEB.BAD_REQUEST', status, 'The form could not be read; go back and try again.'),
    );
  });

  app.get('/', { schema: { hide: true } }, (_request, reply) =>
    sendPage(
      reply,
      200,
      'Marquee',
      html`<h1>Marquee</h1>
        <p>
          Marquee is an open-source event platform: a public event catalogue, ticketing that never
          oversells, accounts, organizers and community features.
        </p>
        <ul>
          <li>
            <a href="/docs">API reference</a> (interactive), and its
            <a href="/openapi.json">OpenAPI document</a>
          </li>
          <li>
            The native API lives under <code>/v1</code>, for example
            <a href="/v1/events">/v1/events</a>
          </li>
          <li>The Tickest-compatible API lives under <code>/api</code></li>
        </ul>
        <p class="muted">Lost your password? <a href="/forgot-password">Reset it</a>.</p>`,
    ),
  );

  app.get('/forgot-password', { schema: { hide: true } }, (_request, reply) =>
    sendPage(reply, 200, 'Reset your password', forgotForm()),
  );
  app.post(
    '/forgot-password',
    { schema: { hide: true }, config: { rateLimit: { max: 5, timeWindow: '15 minutes' } } },
    async (request, reply) => {
      const email = ((request.body ?? {}) as FormFields).email?.trim() ?? '';
      if (!/^[^\s@]+@[^\s@]+$/.test(email) || email.length > 254)
        return sendPage(
          reply,
          400,
          'Reset your password',
          forgotForm('Enter a valid email address.'),
        );
      await identity.forgotPassword(email);
      return sendPage(
        reply,
        202,
        'Check your inbox',
        html`<h1>Check your inbox</h1>
          <p>${FORGOT_ANSWER}</p>`,
      );
    },
  );

  for (const action of TOKEN_ACTIONS) {
    for (const path of [action.path, ...(action.aliases ?? [])]) {
      app.get(path, { schema: { hide: true } }, (request, reply) => {
        const token = tokenOf(request.query);
        if (!token) return sendErrorPage(reply, missingToken(), action.title);
        return sendPage(reply, 200, action.title, actionForm(action, token));
      });
    }
    app.post(
      action.path,
      { schema: { hide: true }, config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
      async (request, reply) => {
        const form = (request.body ?? {}) as FormFields;
        const token = form.token;
        if (!token) return sendErrorPage(reply, missingToken(), action.title);
        try {
          const done = await action.run(identity, token, form, request);
          return sendPage(
            reply,
            200,
            done.title,
            html`<h1>${done.title}</h1>
              ${done.body}`,
          );
        } catch (error) {
          // Input the person can correct (a password, a sign-in): the form again, with the reason.
          if (error instanceof AppError && error.status < 500 && action.fields !== 'none')
            return sendPage(
              reply,
              error.status,
              action.title,
              actionForm(action, token, pageMessage(error)),
            );
          return sendErrorPage(reply, error, `${action.title}: that did not work`);
        }
      },
    );
  }
}

function forgotForm(problem?: string) {
  return html`<h1>Reset your password</h1>
    ${problem ? html`<p class="error" role="alert">${problem}</p>` : ''}
    <p>Enter the email address of your account; we send it a link to choose a new password.</p>
    <form method="post" action="/forgot-password">
      <label for="email">Email address</label>
      <input id="email" name="email" type="email" autocomplete="email" required maxlength="254" />
      <button type="submit">Send the link</button>
    </form>`;
}
