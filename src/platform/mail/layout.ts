import type { MailAttachment, MailMessage } from './mailer.js';

/**
 * The shared look of Marquee's emails: every module's templates render a
 * text and an HTML part through `renderMail`, which HTML-escapes every
 * interpolated value (names and titles are user input).
 */

export const PRODUCT = 'Marquee';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and double- or single-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** `base` + `path` with `params` in the query string, each value URL-encoded. */
export function buildLink(base: string, path: string, params: Record<string, string>): string {
  const url = new URL(path.replace(/^\/+/, ''), `${base.replace(/\/+$/, '')}/`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

/** Collapses whitespace and control characters so a user-given name stays on one line. */
export function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
}

export interface MailLayout {
  to: string;
  subject: string;
  greetingName?: string;
  /** Paragraphs as plain text; escaped for HTML. */
  paragraphs: string[];
  action?: { label: string; url: string };
  /** An inline image shown after the paragraphs (HTML part only), sent as a CID attachment. */
  image?: MailAttachment & { alt: string };
  footer?: string;
}

/** Renders a layout as a message with a text and an HTML part. */
export function renderMail(layout: MailLayout): MailMessage {
  const greeting = layout.greetingName ? `Hello ${oneLine(layout.greetingName)},` : 'Hello,';
  const text = [
    greeting,
    '',
    ...layout.paragraphs.flatMap((p) => [p, '']),
    ...(layout.action ? [`${layout.action.label}: ${layout.action.url}`, ''] : []),
    ...(layout.footer ? [layout.footer, ''] : []),
    `— ${PRODUCT}`,
  ].join('\n');
  const image = layout.image;
  const html = [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
    `<title>${escapeHtml(layout.subject)}</title></head>`,
    '<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#222;max-width:36em;margin:auto;padding:1em">',
    `<p>${escapeHtml(greeting)}</p>`,
    ...layout.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(image
      ? [
          `<p><img src="cid:${escapeHtml(image.cid)}" alt="${escapeHtml(image.alt)}" width="240" height="240"></p>`,
        ]
      : []),
    ...(layout.action
      ? [
          `<p><a href="${escapeHtml(layout.action.url)}" style="display:inline-block;padding:.6em 1.2em;background:#4338ca;color:#fff;border-radius:4px;text-decoration:none">${escapeHtml(layout.action.label)}</a></p>`,
          `<p style="font-size:.9em;color:#555">If the button does not work, open this link: <a href="${escapeHtml(layout.action.url)}">${escapeHtml(layout.action.url)}</a></p>`,
        ]
      : []),
    ...(layout.footer
      ? [`<p style="font-size:.9em;color:#555">${escapeHtml(layout.footer)}</p>`]
      : []),
    `<p>— ${PRODUCT}</p>`,
    '</body></html>',
  ].join('\n');
  return {
    to: layout.to,
    subject: layout.subject,
    text,
    html,
    ...(image
      ? {
          attachments: [
            {
              cid: image.cid,
              filename: image.filename,
              contentType: image.contentType,
              contentBase64: image.contentBase64,
            },
          ],
        }
      : {}),
  };
}
