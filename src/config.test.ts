import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('config', () => {
  it('has working defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      nodeEnv: 'development',
      isProduction: false,
      port: 3000,
      host: '127.0.0.1',
      dataDir: path.resolve('.data'),
      publicBaseUrl: 'http://localhost:3000',
      databaseUrl: undefined,
      databasePoolMax: 20,
      logLevel: 'info',
      corsOrigins: [],
      bodyLimitBytes: 1_048_576,
      rateLimitMax: 300,
      rateLimitWindowMs: 60_000,
      runWorkers: true,
      outboxPollMs: 1000,
      shutdownTimeoutMs: 10_000,
      trustProxy: false,
      smtpUrl: undefined,
      mailFrom: 'Marquee <no-reply@localhost>',
      jwtSecret: undefined,
      accessTokenTtlSeconds: 900,
      refreshTokenTtlDays: 30,
      loginMaxFailures: 5,
      loginLockSeconds: 900,
    });
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('silent');
  });

  it('reads valid values', () => {
    const config = loadConfig({
      PORT: '8080',
      CORS_ORIGINS: 'https://a.example, https://b.example,',
      RUN_WORKERS: 'off',
      PUBLIC_BASE_URL: 'https://tickets.example/',
      DATABASE_URL: 'postgresql://u:p@db:5432/marquee',
    });
    expect(config.port).toBe(8080);
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example']);
    expect(config.runWorkers).toBe(false);
    expect(config.publicBaseUrl).toBe('https://tickets.example');
    expect(config.databaseUrl).toBe('postgresql://u:p@db:5432/marquee');
  });

  it("reads the organizer's image storage limit, 100 MiB unless set", () => {
    expect(loadConfig({}).mediaOrganizerMaxBytes).toBe(104_857_600);
    expect(loadConfig({ MEDIA_ORGANIZER_MAX_BYTES: '2000000' }).mediaOrganizerMaxBytes).toBe(
      2_000_000,
    );
  });

  const BAD: Array<[string, string]> = [
    ['NODE_ENV', 'staging'],
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PUBLIC_BASE_URL', 'not a url'],
    ['PUBLIC_BASE_URL', 'ftp://files.example'],
    ['DATABASE_URL', 'mysql://db/marquee'],
    ['DATABASE_POOL_MAX', '0'],
    ['LOG_LEVEL', 'loud'],
    ['LOG_PRETTY', 'maybe'],
    ['BODY_LIMIT_BYTES', '1.5'],
    ['RATE_LIMIT_MAX', '-1'],
    ['RATE_LIMIT_WINDOW_MS', '10'],
    ['RUN_WORKERS', '2'],
    ['OUTBOX_POLL_MS', 'fast'],
    ['SHUTDOWN_TIMEOUT_MS', '1'],
    ['TRUST_PROXY', 'sometimes'],
    ['SMTP_URL', 'http://mail.example'],
    ['JWT_SECRET', 'too-short'],
    ['ACCESS_TOKEN_TTL', '10'],
    ['REFRESH_TOKEN_TTL_DAYS', '0'],
    ['LOGIN_MAX_FAILURES', 'many'],
    ['LOGIN_LOCK_SECONDS', '0'],
    ['MEDIA_ORGANIZER_MAX_BYTES', '100'],
    ['MEDIA_ORGANIZER_MAX_BYTES', 'lots'],
  ];

  it.each(BAD)('rejects %s=%s with a message naming the key', (key, value) => {
    let caught: unknown;
    try {
      loadConfig({ [key]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).key).toBe(key);
    expect((caught as ConfigError).message).toMatch(new RegExp(`^Invalid configuration: ${key} `));
  });
});
