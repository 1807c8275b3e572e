import path from 'node:path';

/**
 * The only reader of process.env. Every key is typed, has a default or is
 * required, and is documented in README's configuration table. A bad value stops
 * the process at start with a message naming the key.
 */

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`Invalid configuration: ${key} ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const NODE_ENVS = ['development', 'production', 'test'] as const;

function readString(env: Env, key: string, fallback: string): string {
  const value = env[key];
  return value === undefined || value === '' ? fallback : value;
}

function readOptional(env: Env, key: string): string | undefined {
  const value = env[key];
  return value === undefined || value === '' ? undefined : value;
}

function readInt(env: Env, key: string, fallback: number, min: number, max: number): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(key, `must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(key, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function readBool(env: Env, key: string, fallback: boolean): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return fallback;
  const normalized = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(normalized)) return true;
  if (['0', 'false', 'no', 'off'].includes(normalized)) return false;
  throw new ConfigError(key, `must be true or false, got "${raw}"`);
}

function readEnum<T extends readonly string[]>(
  env: Env,
  key: string,
  allowed: T,
  fallback: T[number],
): T[number] {
  const raw = readString(env, key, fallback);
  if (!allowed.includes(raw)) throw new ConfigError(key, `must be one of ${allowed.join(', ')}`);
  return raw;
}

function readUrl(env: Env, key: string, protocols: string[]): string | undefined {
  const raw = readOptional(env, key);
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(key, 'must be a valid URL');
  }
  if (!protocols.includes(url.protocol))
    throw new ConfigError(key, `must use one of ${protocols.join(', ')}`);
  return raw;
}

/** A secret key: absent, or at least 32 characters so it cannot be guessed offline. */
function readSecret(env: Env, key: string): string | undefined {
  const raw = readOptional(env, key);
  if (raw !== undefined && raw.length < 32)
    throw new ConfigError(key, 'must be at least 32 characters');
  return raw;
}

function readList(env: Env, key: string, fallback: string[]): string[] {
  const raw = readOptional(env, key);
  if (raw === undefined) return fallback;
  return raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function readCurrency(env: Env, key: string, fallback: string): string {
  const value = readString(env, key, fallback).toUpperCase();
  if (!/^[A-Z]{3}$/.test(value)) throw new ConfigError(key, 'must be an ISO 4217 code like EUR');
  return value;
}

/** An OpenID Connect provider users can sign in with (`OIDC_PROVIDERS`). */
export interface OidcProviderConfig {
  /** URL-safe name used in `/v1/auth/oidc/:provider/...`. */
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** True for an http(s) URL on this machine, where plain http cannot be intercepted. */
export function isLoopbackUrl(value: string): boolean {
  return LOOPBACK_HOSTS.has(new URL(value).hostname);
}

function readOidcProviders(env: Env, key: string): OidcProviderConfig[] {
  const raw = readOptional(env, key);
  if (raw === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ConfigError(key, 'must be a JSON array of {name, issuer, clientId, clientSecret}');
  }
  if (!Array.isArray(parsed)) throw new ConfigError(key, 'must be a JSON array');
  const names = new Set<string>();
  return parsed.map((entry: unknown, index) => {
    const at = `entry ${index}`;
    if (typeof entry !== 'object' || entry === null)
      throw new ConfigError(key, `${at} must be an object`);
    const item = entry as Record<string, unknown>;
    const text = (field: string, required = true): string | undefined => {
      const value = item[field];
      if (value === undefined && !required) return undefined;
      if (typeof value !== 'string' || value.trim() === '')
        throw new ConfigError(key, `${at} needs a non-empty string "${field}"`);
      return value.trim();
    };
    const name = text('name')!;
    if (!/^[a-z0-9][a-z0-9-]{0,31}$/.test(name))
      throw new ConfigError(
        key,
        `${at}: name "${name}" must be lower-case letters, digits, dashes`,
      );
    if (names.has(name)) throw new ConfigError(key, `names the provider "${name}" twice`);
    names.add(name);
    const issuer = text('issuer')!;
    let url: URL;
    try {
      url = new URL(issuer);
    } catch {
      throw new ConfigError(key, `${at}: issuer must be a URL`);
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackUrl(issuer)))
      throw new ConfigError(key, `${at}: issuer must use https (http only on loopback)`);
    return {
      name,
      issuer,
      clientId: text('clientId')!,
      clientSecret: text('clientSecret')!,
      scope: text('scope', false) ?? 'openid email profile',
    };
  });
}

/** Loads and validates the whole configuration; throws ConfigError naming the bad key. */
export function loadConfig(env: Env = process.env) {
  const nodeEnv = readEnum(env, 'NODE_ENV', NODE_ENVS, 'development');
  const port = readInt(env, 'PORT', 3000, 0, 65535);
  const host = readString(env, 'HOST', '127.0.0.1');
  const dataDir = path.resolve(readString(env, 'DATA_DIR', './.data'));
  const publicBaseUrl =
    readUrl(env, 'PUBLIC_BASE_URL', ['http:', 'https:']) ?? `http://localhost:${port || 3000}`;

  return {
    nodeEnv,
    isProduction: nodeEnv === 'production',
    port,
    host,
    dataDir,
    publicBaseUrl: publicBaseUrl.replace(/\/+$/, ''),
    databaseUrl: readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    databasePoolMax: readInt(env, 'DATABASE_POOL_MAX', 20, 1, 1000),
    logLevel: readEnum(env, 'LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    logPretty: readBool(env, 'LOG_PRETTY', Boolean(process.stdout.isTTY)),
    corsOrigins: readList(env, 'CORS_ORIGINS', []),
    oidcProviders: readOidcProviders(env, 'OIDC_PROVIDERS'),
    bodyLimitBytes: readInt(env, 'BODY_LIMIT_BYTES', 1_048_576, 1024, 100 * 1_048_576),
    rateLimitMax: readInt(env, 'RATE_LIMIT_MAX', 300, 1, 1_000_000),
    rateLimitWindowMs: readInt(env, 'RATE_LIMIT_WINDOW_MS', 60_000, 1000, 86_400_000),
    runWorkers: readBool(env, 'RUN_WORKERS', true),
    outboxPollMs: readInt(env, 'OUTBOX_POLL_MS', 1000, 10, 600_000),
    shutdownTimeoutMs: readInt(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 100, 600_000),
    // The start-up warm-up (src/warm-up.ts); tests start many apps and skip it.
    warmUpRequests: readInt(env, 'WARMUP_REQUESTS', nodeEnv === 'test' ? 0 : 3000, 0, 100_000),
    trustProxy: readBool(env, 'TRUST_PROXY', false),
    smtpUrl: readUrl(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom: readString(env, 'MAIL_FROM', 'Marquee <no-reply@localhost>'),
    jwtSecret: readSecret(env, 'JWT_SECRET'),
    accessTokenTtlSeconds: readInt(env, 'ACCESS_TOKEN_TTL', 900, 60, 86_400),
    refreshTokenTtlDays: readInt(env, 'REFRESH_TOKEN_TTL_DAYS', 30, 1, 365),
    adminEmail: readOptional(env, 'ADMIN_EMAIL'),
    adminPassword: readOptional(env, 'ADMIN_PASSWORD'),
    loginMaxFailures: readInt(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginLockSeconds: readInt(env, 'LOGIN_LOCK_SECONDS', 900, 1, 86_400),
    seedOnEmpty: readBool(env, 'SEED', true),
    // The API reference helps attackers as much as integrators: off in production unless asked for.
    apiDocs: readBool(env, 'API_DOCS', nodeEnv !== 'production'),
    catalogCache: readBool(env, 'CATALOG_CACHE', true),
    mediaMaxBytes: readInt(env, 'MEDIA_MAX_BYTES', 5 * 1_048_576, 1024, 100 * 1_048_576),
    mediaOrganizerMaxBytes: readInt(
      env,
      'MEDIA_ORGANIZER_MAX_BYTES',
      100 * 1_048_576,
      1024,
      1_099_511_627_776,
    ),
    ticketing: {
      holdMinutes: readInt(env, 'HOLD_MINUTES', 15, 1, 24 * 60),
      maxTicketsPerUserPerEvent: readInt(env, 'MAX_TICKETS_PER_USER_PER_EVENT', 10, 1, 10_000),
      offlinePaymentHours: readInt(env, 'OFFLINE_PAYMENT_HOURS', 72, 1, 24 * 90),
      cancellationDeadlineHours: readInt(env, 'CANCELLATION_DEADLINE_HOURS', 24, 0, 24 * 365),
      checkinUndoSeconds: readInt(env, 'CHECKIN_UNDO_SECONDS', 120, 0, 86_400),
      waitlistOfferMinutes: readInt(env, 'WAITLIST_OFFER_MINUTES', 60, 1, 7 * 24 * 60),
      /** Ed25519 private key (PKCS#8 PEM or base64 DER); generated into DATA_DIR when unset. */
      signingKey: readOptional(env, 'TICKET_SIGNING_KEY'),
      /** Holds commit without waiting for the WAL flush (see docs/adr); orders always wait. */
      asyncCommitHolds: readBool(env, 'HOLD_ASYNC_COMMIT', true),
      /** A comment line on idle availability streams (SSE) keeps proxies from closing them. */
      streamHeartbeatMs: readInt(env, 'SSE_HEARTBEAT_MS', 15_000, 50, 600_000),
    },
    chat: {
      /** How long an author may edit or delete their own message. */
      editWindowSeconds: readInt(env, 'CHAT_EDIT_WINDOW_SECONDS', 900, 0, 7 * 86_400),
      /** Messages one user may post to one event's chat per window. */
      postLimit: readInt(env, 'CHAT_POST_LIMIT', 10, 1, 10_000),
      postWindowSeconds: readInt(env, 'CHAT_POST_WINDOW_SECONDS', 10, 1, 86_400),
    },
    tickestOpenWrites: readBool(env, 'TICKEST_OPEN_WRITES', false),
    tickestCurrency: readCurrency(env, 'TICKEST_CURRENCY', 'EUR'),
    popularityHalfLifeHours: readInt(env, 'POPULARITY_HALF_LIFE', 72, 1, 24 * 365),
    viewFlushMs: readInt(env, 'VIEW_FLUSH_MS', 5000, 10, 600_000),
    redisUrl: readUrl(env, 'REDIS_URL', ['redis:', 'rediss:']),
    realtime: {
      maxConnectionsPerUser: readInt(env, 'REALTIME_MAX_CONNECTIONS_PER_USER', 10, 1, 10_000),
      maxConnectionsPerIp: readInt(env, 'REALTIME_MAX_CONNECTIONS_PER_IP', 100, 1, 1_000_000),
      messagesPerSecond: readInt(env, 'REALTIME_MESSAGES_PER_SECOND', 20, 1, 10_000),
      maxSubscriptions: readInt(env, 'REALTIME_MAX_SUBSCRIPTIONS', 50, 1, 10_000),
      heartbeatMs: readInt(env, 'REALTIME_HEARTBEAT_MS', 30_000, 50, 600_000),
      sessionCheckMs: readInt(env, 'REALTIME_SESSION_CHECK_MS', 10_000, 50, 600_000),
      maxBufferedBytes: readInt(env, 'REALTIME_MAX_BUFFERED_BYTES', 1_048_576, 1024, 1_073_741_824),
      slowConsumerMs: readInt(env, 'REALTIME_SLOW_CONSUMER_MS', 5_000, 10, 600_000),
      replayLimit: readInt(env, 'REALTIME_REPLAY_LIMIT', 500, 1, 1_000_000),
      coalesceMs: readInt(env, 'REALTIME_COALESCE_MS', 100, 0, 60_000),
    },
  };
}

export type Config = ReturnType<typeof loadConfig>;
