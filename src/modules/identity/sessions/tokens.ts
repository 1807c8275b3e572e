import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isUuid } from '../../../platform/http/ids.js';

/** The only algorithm an access token may use; anything else (including `none`) is rejected. */
const ALGORITHM = 'HS256';
const ACCESS_TYPE = 'access';
export const API_TOKEN_PREFIX = 'mq_';

export interface AccessClaims {
  userId: string;
  sessionId: string;
  roles: string[];
  /** When the token expires (ms since the epoch). */
  expiresAtMs?: number;
}

/**
 * Signs and verifies access tokens (compact JWS, HS256) with one symmetric
 * key, using node:crypto's HMAC directly: both run on hot paths (sign-in and
 * every authenticated request), and one pinned algorithm needs none of a
 * general JOSE library's negotiation (docs/adr/0008-fast-start-and-lean-requests.md).
 */
export class AccessTokens {
  private readonly rawKey: Buffer;

  constructor(
    key: Uint8Array,
    readonly ttlSeconds: number,
  ) {
    this.rawKey = Buffer.from(key);
  }

  /** Header encodings of tokens that verified (a client sends the same one every time). */
  private readonly goodHeaders = new Set<string>();

  /** Pinned algorithm; no critical extensions (RFC 7515 4.1.11) are understood. */
  private acceptsHeader(part: string): boolean {
    if (this.goodHeaders.has(part)) return true;
    const header = decodeJson(part);
    return !!header && header.alg === ALGORITHM && header.crit === undefined;
  }

  private mac(signingInput: string): Buffer {
    return createHmac('sha256', this.rawKey).update(signingInput).digest();
  }

  /** A short-lived JWT naming the user, the session family and the roles at issue time. */
  async sign(claims: AccessClaims): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    const header = encodeJson({ alg: ALGORITHM, typ: 'JWT' });
    const payload = encodeJson({
      sid: claims.sessionId,
      roles: claims.roles,
      typ: ACCESS_TYPE,
      sub: claims.userId,
      iat: now,
      exp: now + this.ttlSeconds,
    });
    return `${header}.${payload}.${this.mac(`${header}.${payload}`).toString('base64url')}`;
  }

  /**
   * The claims of a valid access token, or null for anything expired, forged,
   * of another algorithm or type, or not in canonical compact form. Synchronous
   * on purpose: it runs on every authenticated request, and node:crypto's HMAC
   * costs microseconds where WebCrypto's asynchronous verify cost hundreds.
   * The checks are those of RFC 7519/7515 for one pinned algorithm.
   */
  verify(token: string): AccessClaims | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
    if (!this.acceptsHeader(headerPart)) return null;
    // One spelling only: 43 characters of the alphabet whose spare bits are zero
    // (Buffer would skip other characters and ignore spare bits).
    if (!CANONICAL_HS256_SIGNATURE.test(signaturePart)) return null;
    const signature = Buffer.from(signaturePart, 'base64url');
    const expected = this.mac(`${headerPart}.${payloadPart}`);
    if (!timingSafeEqual(signature, expected)) return null;
    // Remembered only once signed by this key: unsigned junk cannot fill the memory.
    if (this.goodHeaders.size < 16) this.goodHeaders.add(headerPart);
    // Signed by this key, so canonically encoded when it was made.
    const payload = decodeJson(payloadPart, false);
    if (!payload || payload.typ !== ACCESS_TYPE) return null;
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.exp !== 'number' || payload.exp <= now) return null;
    if (payload.nbf !== undefined && (typeof payload.nbf !== 'number' || payload.nbf > now))
      return null;
    // Both name database rows (looked up in batches, where one malformed id would fail them all).
    if (!isUuid(payload.sid) || !isUuid(payload.sub)) return null;
    const roles = Array.isArray(payload.roles) ? payload.roles.map(String) : [];
    return { userId: payload.sub, sessionId: payload.sid, roles, expiresAtMs: payload.exp * 1000 };
  }
}

const encodeJson = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An HMAC-SHA-256 in canonical base64url: 32 bytes, the last character's 2 spare bits zero. */
const CANONICAL_HS256_SIGNATURE = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/** A base64url JSON object, or null when it is not one (or, if `canonical`, not canonically encoded). */
function decodeJson(part: string, canonical = true): Record<string, unknown> | null {
  const bytes = Buffer.from(part, 'base64url');
  if (canonical && bytes.toString('base64url') !== part) return null;
  try {
    const value: unknown = JSON.parse(bytes.toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * The signing key: `JWT_SECRET` when configured; otherwise one generated on
 * first start into DATA_DIR (mode 0600) and reused, so restarts keep sessions.
 */
export async function loadSigningKey(secret: string | undefined, dataDir: string) {
  if (secret) return new TextEncoder().encode(secret);
  const file = path.join(dataDir, 'jwt-secret');
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stored = (await readFile(file, 'utf8')).trim();
  if (stored.length < 32) throw new Error(`The generated JWT secret in ${file} is too short.`);
  return new TextEncoder().encode(stored);
}

/** A high-entropy opaque secret (refresh tokens, invitations, API tokens). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a high-entropy token: enough, as such tokens cannot be brute-forced. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
