import type { FastifyRequest } from 'fastify';
import { hasPermission, type Permission } from '../../platform/http/permissions.js';
import type { Principal } from '../../platform/http/principal.js';
import type { App } from '../../platform/http/types.js';
import { tickestError } from './tickest.errors.js';
import type { TickestGateway, NativeEvent } from './tickest.gateway.js';
import { toTickestEvent, type TickestEvent } from './tickest.mapper.js';

/**
 * Per-app helpers the Tickest routes share: who the current user is, who may
 * write, and how native events become Tickest events.
 */
export class TickestContext {
  private guestId: Promise<string> | undefined;

  constructor(
    private readonly app: App,
    readonly gateway: TickestGateway,
  ) {}

  get openWrites(): boolean {
    return this.app.platform.config.tickestOpenWrites;
  }

  /**
   * The favourites owner: the bearer token's user, otherwise one shared guest
   * account (as the original backend had one global favourites list), created
   * on first use.
   */
  async currentUserId(request: FastifyRequest): Promise<string> {
    if (request.principal) return request.principal.userId;
    this.guestId ??= this.gateway.guestUserId(this.app.platform).catch((error: unknown) => {
      this.guestId = undefined;
      throw error;
    });
    return this.guestId;
  }

  /**
   * Who performs a privileged write: the caller when their roles grant
   * `permission`; with TICKEST_OPEN_WRITES an anonymous caller acts as the
   * platform itself (the original's behaviour). Otherwise 401 or 403.
   */
  async writer(request: FastifyRequest, permission: Permission): Promise<Principal> {
    const principal = request.principal;
    if (principal && hasPermission(principal.roles, permission)) return principal;
    if (this.openWrites) {
      return { userId: await this.currentUserId(request), roles: ['admin'], emailVerified: true };
    }
    if (!principal) throw tickestError(401, 'Authentication required: send a bearer token');
    throw tickestError(403, 'Your account may not do this');
  }

  /** Native events in Tickest shape, `favorited` for the current user. */
  async present(request: FastifyRequest, events: NativeEvent[]): Promise<TickestEvent[]> {
    if (events.length === 0) return [];
    const userId = await this.currentUserId(request);
    const saved = await this.app.community.favoritedAmong(
      userId,
      events.map((e) => e.id),
    );
    const baseUrl = this.app.platform.config.publicBaseUrl;
    return events.map((e) => toTickestEvent(e, { favorited: saved.has(e.id), baseUrl }));
  }

  async presentOne(request: FastifyRequest, event: NativeEvent): Promise<TickestEvent> {
    return (await this.present(request, [event]))[0]!;
  }
}
