import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

/**
 * Fastify's response serializers (fast-json-stringify), each compiled on its
 * first use instead of at start-up. Compiling every route's response schemas
 * is most of `app.ready()`; a route pays its compile (a few milliseconds) on
 * its first response instead. The compiled code is the same either way, and
 * the test suite compiles eagerly so a schema that cannot compile still fails
 * at start-up there (docs/adr/0008-fast-start-and-lean-requests.md).
 */
export function lazySerializers(): NonNullable<FastifyServerOptions['schemaController']> {
  const factory = SerializerSelector();
  return {
    compilersFactory: {
      buildSerializer: (externalSchemas: unknown, options: unknown) => {
        const compile = factory(externalSchemas, options as Parameters<typeof factory>[1]);
        return (route: Parameters<typeof compile>[0]) => {
          let serialize: ((doc: unknown) => string) | undefined;
          return (doc: unknown) => (serialize ??= compile(route))(doc);
        };
      },
    },
  };
}
