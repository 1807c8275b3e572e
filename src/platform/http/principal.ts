/**
 * Who is making the request. Set by the identity module's authentication hook;
 * `null` for anonymous requests. Other modules read it, never the token.
 */
export interface Principal {
  userId: string;
  sessionId?: string;
  roles: readonly string[];
  emailVerified: boolean;
  /** Scopes when the caller is an API token; undefined for user sessions. */
  scopes?: readonly string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}
