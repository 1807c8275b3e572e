import { createHmac, hkdfSync, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * A ticket's mailed link opens that ticket without an account. Its token is
 * `L1.<ticketId>.<generation>.<expiresAt seconds>.<HMAC-SHA256>`, keyed by a
 * key derived from the ticket signing key (TICKET_SIGNING_KEY, or the one
 * kept in DATA_DIR), so no new secret needs configuring. The generation is
 * compared with the ticket's own: bumping it revokes every earlier link.
 */
const PREFIX = 'L1';
const TOKEN =
  /^L1\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(\d{1,9})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

export interface TicketLinkClaims {
  ticketId: string;
  generation: number;
  expiresAt: Date;
}

export type TicketLinkCheck =
  ({ ok: true } & TicketLinkClaims) | { ok: false; reason: 'malformed' | 'tampered' | 'expired' };

/** The HMAC key for ticket links, derived (HKDF) from the ticket signing key. */
export function ticketLinkKey(signingKey: KeyObject): Buffer {
  const secret = signingKey.export({ format: 'der', type: 'pkcs8' });
  return Buffer.from(hkdfSync('sha256', secret, 'marquee', 'ticket-links/v1', 32));
}

const macOf = (key: Buffer, payload: string) =>
  createHmac('sha256', key).update(payload).digest('base64url');

/** Signs a link token for one generation of a ticket. */
export function signTicketLink(key: Buffer, claims: TicketLinkClaims): string {
  const payload = `${PREFIX}.${claims.ticketId}.${claims.generation}.${Math.floor(claims.expiresAt.getTime() / 1000)}`;
  return `${payload}.${macOf(key, payload)}`;
}

/** Checks a token's shape, signature and expiry (not yet whether it was revoked). */
export function checkTicketLink(key: Buffer, token: string, now = new Date()): TicketLinkCheck {
  const match = TOKEN.exec(token);
  if (!match) return { ok: false, reason: 'malformed' };
  const [, ticketId, generation, expires, mac] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  const expected = Buffer.from(macOf(key, `${PREFIX}.${ticketId}.${generation}.${expires}`));
  if (!timingSafeEqual(Buffer.from(mac), expected)) return { ok: false, reason: 'tampered' };
  const expiresAt = new Date(Number(expires) * 1000);
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, ticketId, generation: Number(generation), expiresAt };
}

/** How long a ticket's link works: until 30 days after the event ends (a year when undated). */
export function ticketLinkExpiry(eventEndsAt: Date | null, now = new Date()): Date {
  const DAY = 86_400_000;
  return new Date((eventEndsAt?.getTime() ?? now.getTime() + 335 * DAY) + 30 * DAY);
}
