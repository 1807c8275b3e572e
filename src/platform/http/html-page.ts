import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { escapeHtml, PRODUCT } from '../mail/layout.js';
import { AppError } from './errors.js';

/**
 * Minimal server-rendered pages (the targets of links in our emails, until
 * the web app exists). Markup is built with the `html` tag, which escapes
 * every interpolated value unless it is itself `html`; pages carry a strict
 * Content-Security-Policy: no scripts at all, only the one stylesheet below
 * (allowed by its hash), images from here, forms posting back here.
 */

/** Markup that is already safe to emit. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolation = SafeHtml | string | number | null | undefined | false | Interpolation[];

function emit(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(emit).join('');
  if (value instanceof SafeHtml) return value.value;
  return escapeHtml(String(value));
}

/** Tagged template: the literal parts are markup, every value is escaped unless it is `html`. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += emit(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Trusted markup produced by our own code (e.g. a generated QR code SVG). */
export const trustedHtml = (markup: string) => new SafeHtml(markup);

const STYLE =
  'body{font-family:system-ui,sans-serif;line-height:1.5;color:#222;max-width:36em;margin:2em auto;padding:0 1em}' +
  'h1{font-size:1.5em}label{display:block;margin:.8em 0 .2em}input{font:inherit;padding:.4em;width:100%;box-sizing:border-box}' +
  'button{font:inherit;margin-top:1em;padding:.6em 1.2em;background:#4338ca;color:#fff;border:0;border-radius:4px;cursor:pointer}' +
  '.error{color:#b91c1c}.muted{color:#555;font-size:.9em}svg{max-width:16em;display:block}' +
  'code{word-break:break-all}';

const STYLE_ELEMENT = trustedHtml(`<style>${STYLE}</style>`);

/** The policy every page is served with. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "img-src 'self' data:",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** A whole document around `body`. */
export function renderPage(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width" />
        <title>${title} · ${PRODUCT}</title>
        ${STYLE_ELEMENT}
      </head>
      <body>
        <main>${body}</main>
      </body>
    </html>`.value;
}

/** Sends a page with its policy; pages may carry tokens, so they are never cached. */
export function sendPage(reply: FastifyReply, status: number, title: string, body: SafeHtml) {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('cache-control', 'no-store')
    .send(renderPage(title, body));
}

/** `body.password: ` and the like: where an API caller finds the field, not words for a person. */
const FIELD_PATH =
  /\b(?:body|query|params|headers?)\.((?:[\w-]+\.)*)([A-Za-z][\w-]*)(?:\.\d+)*:\s*(\S?)/g;

/** `newEmail` -> `New email`. */
const fieldLabel = (name: string) => {
  const words = name
    .replace(/[-_]/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/**
 * An error's message as a person should read it on a page: the API's field
 * paths (`body.password: Password is too common`) are dropped, and a bare
 * `must be ...` gets the field's name (`New email must be ...`).
 */
export function pageMessage(error: AppError): string {
  return error.message.replace(FIELD_PATH, (_match, _parents, name: string, first: string) =>
    /[a-z]/.test(first) ? `${fieldLabel(name)} ${first}` : first,
  );
}

/** A page explaining why an action failed: an AppError's status and message, else a plain 500. */
export function sendErrorPage(reply: FastifyReply, error: unknown, title = 'Something went wrong') {
  if (!(error instanceof AppError) || error.status >= 500) throw error;
  return sendPage(
    reply,
    error.status,
    title,
    html`<h1>${title}</h1>
      <p class="error">${pageMessage(error)}</p>
      <p class="muted">Error code: ${error.code}</p>`,
  );
}
