import { randomUUID } from 'node:crypto';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyRequest,
  type FastifyServerOptions,
} from 'fastify';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Problem } from './platform/http/envelope.js';
import { rateLimited } from './platform/http/errors.js';
import { installAccessControl } from './platform/http/access.js';
import { installErrorHandling } from './platform/http/error-handler.js';
import { registerOpenApi } from './platform/http/openapi.js';
import { lazySerializers } from './platform/http/lazy-serializers.js';
import { addDateFormats } from './platform/http/dates.js';
import { refuseNonFiniteNumbers } from './platform/http/finite-numbers.js';
import { refuseNulCharacters } from './platform/http/nul-characters.js';
import { securityHeaders } from './platform/http/security-headers.js';
import { testOnlyRoutes } from './platform/http/test-routes.js';
import type { App } from './platform/http/types.js';
import './platform/http/principal.js';
import type { Platform } from './platform/platform.js';
import { healthRoutes } from './platform/health/health.routes.js';
import { realtimeRoutes } from './platform/realtime/realtime.routes.js';
import { asyncApiRoutes } from './platform/realtime/asyncapi.js';
import { createIdentityModule } from './modules/identity/index.js';
import { createCatalogModule } from './modules/catalog/index.js';
import { createTicketingModule } from './modules/ticketing/index.js';
import { createCommunityModule } from './modules/community/index.js';
import { createTickestAdapter } from './compat/tickest/index.js';
import { isWarmUpRequest } from './warm-up.js';
import { webPages } from './web/index.js';

/** A sane client-supplied request id: short, no spaces or control characters. */
const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/**
 * Helmet's defaults less the headers that only steer how a browser treats an
 * HTML document (legacy XSS filter, IE download prompt, DNS prefetching,
 * origin-keyed agent clusters): a JSON API's responses are not documents, and
 * every header is paid for on every response (docs/adr/0008).
 */
const API_HELMET_OPTIONS = {
  xXssProtection: false,
  xDownloadOptions: false,
  xDnsPrefetchControl: false,
  originAgentCluster: false,
} as const;

/**
 * Creates the modules in dependency order, handing each the APIs of the
 * modules it uses, and nothing else. Creating a module registers its
 * subscribers and jobs; its routes are added by `buildApp`. The CLI and
 * the seed use the modules without HTTP.
 */
export async function composeModules(platform: Platform) {
  const identity = await createIdentityModule(platform);
  const catalog = await createCatalogModule(platform, { identity: identity.api });
  const ticketing = await createTicketingModule(platform, {
    identity: identity.api,
    catalog: catalog.api,
  });
  const community = await createCommunityModule(platform, {
    identity: identity.api,
    catalog: catalog.api,
    ticketing: ticketing.api,
  });
  return { identity, catalog, ticketing, community };
}

export type Modules = Awaited<ReturnType<typeof composeModules>>;

export interface BuildOptions {
  /** The composed modules (tests keep them to reach a module's own context); composed here if absent. */
  modules?: Modules;
  /** Extra Fastify options (tests pass a logger stream, benchmarks turn logs off). */
  fastify?: Partial<FastifyServerOptions>;
  /** Plugins registered after the modules, before ready (tests add probe routes this way). */
  plugins?: Array<(app: App) => Promise<void> | void>;
}

/**
 * Builds the HTTP application on a platform: platform plugins, then modules,
 * then the error handlers. Listening and workers are the caller's choice.
 */
export async function buildApp(platform: Platform, options: BuildOptions = {}): Promise<App> {
  const { config } = platform;
  const app = Fastify({
    loggerInstance: platform.log as FastifyBaseLogger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // With logging off, a per-request child logger (and its redaction pass) is pure cost.
    childLoggerFactory: (logger, bindings, childOptions, rawRequest) =>
      logger.level === 'silent'
        ? logger
        : logger.child(
            bindings,
            isWarmUpRequest(rawRequest) ? { ...childOptions, level: 'warn' } : childOptions,
          ),
    ...(config.nodeEnv === 'test' ? {} : { schemaController: lazySerializers() }),
    ajv: {
      customOptions: { removeAdditional: false, allErrors: true, coerceTypes: 'array' },
      plugins: [refuseNonFiniteNumbers, refuseNulCharacters],
      onCreate: addDateFormats,
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    ...options.fastify,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  app.decorate('platform', platform);
  app.decorateRequest('principal', null);
  app.addSchema(Problem);
  // Every response carries its request id and helmet's security headers, set in
  // one synchronous hook: this runs on every request, so it stays cheap.
  const security = securityHeaders(API_HELMET_OPTIONS);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(security);
    reply.header('x-request-id', request.id);
    done();
  });

  installErrorHandling(app);
  await app.register(cors, {
    origin: config.corsOrigins.includes('*')
      ? true
      : config.corsOrigins.length
        ? config.corsOrigins
        : false,
    credentials: !config.corsOrigins.includes('*'),
    exposedHeaders: [
      'etag',
      'x-request-id',
      'retry-after',
      'x-ratelimit-limit',
      'x-ratelimit-remaining',
      'x-ratelimit-reset',
    ],
  });
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitMax,
    timeWindow: config.rateLimitWindowMs,
    // Runs after onRequest hooks, where authentication sets request.principal, so a
    // signed-in user is limited as themselves rather than by IP. (An authentication
    // hook registered in preValidation by a module would run after this one.)
    hook: 'preValidation',
    // The start-up warm-up's own requests (they carry a per-start secret) count
    // against no bucket: limiters created from this plugin inherit the list.
    allowList: (request) => isWarmUpRequest(request.raw),
    keyGenerator: (request) =>
      request.principal ? `user:${request.principal.userId}` : `ip:${request.ip}`,
    // A route's own limit (`config.rateLimit`) has its own window: name that one.
    errorResponseBuilder: (request, context) =>
      rateLimited(context.max, routeWindow(request) ?? config.rateLimitWindowMs, context.after),
  });
  installAccessControl(app);
  await registerOpenApi(app, config);

  const modules = options.modules ?? (await composeModules(platform));
  const ordered = [modules.identity, modules.catalog, modules.ticketing, modules.community];
  await app.register(healthRoutes);
  await realtimeRoutes(app, platform.realtime, {
    list: config.corsOrigins,
    own: new URL(config.publicBaseUrl).origin,
  });
  await asyncApiRoutes(app, config, () => platform.realtime.channelPatterns());
  for (const module of ordered) await module.routes?.(app);
  const apis = {
    identity: modules.identity.api,
    catalog: modules.catalog.api,
    community: modules.community.api,
  };
  await createTickestAdapter(platform, apis).routes(app);
  await app.register(webPages, { identity: apis.identity });
  // Started once the app is ready; stopped in reverse order when it closes.
  app.addHook('onReady', async () => {
    for (const module of ordered) await module.start?.();
    await platform.realtime.start();
  });
  // Sockets are closed (1001) before the server stops listening: it waits for open connections.
  app.addHook('preClose', async () => {
    await platform.realtime.stop();
  });
  app.addHook('onClose', async () => {
    for (const module of [...ordered].reverse()) await module.stop?.();
  });
  if (config.nodeEnv === 'test') await app.register(testOnlyRoutes);
  for (const plugin of options.plugins ?? []) await app.register(async (scope) => plugin(scope));
  return app;
}

/** The window of the route's own rate limit, when it sets one as a number or words. */
function routeWindow(request: FastifyRequest): number | string | undefined {
  const limit = request.routeOptions.config.rateLimit;
  const window = limit ? limit.timeWindow : undefined;
  return typeof window === 'number' || typeof window === 'string' ? window : undefined;
}
