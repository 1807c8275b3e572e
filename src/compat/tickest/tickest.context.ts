import type { FastifyRequest } from 'fastify';
import { assertSession, isAllowed } from '../../platform/http/access.js';
import type { Permission } from '../../platform/http/permissions.js';
import type { Principal } from '../../platform/http/principal.js';
import type { Platform } from '../../platform/platform.js';
import type { CommunityApi } from '../../modules/community/index.js';
import { tickestError } from './tickest.errors.js';
import type { TickestGateway, NativeEvent } from './tickest.gateway.js';
import { toTickestEvent, type TickestEvent } from './tickest.mapper.js';

/**
 * Per-app helpers the Tickest routes share: who the current user is, who may
 * write (over the platform's access helpers), and how native events become Tickest events.
 */
export class TickestContext {
  private guestId: Promise<string> | undefined;

  constructor(
    private readonly platform: Platform,
    readonly gateway: TickestGateway,
    readonly community: CommunityApi,
  ) {}

  get openWrites(): boolean {
    return this.platform.config.tickestOpenWrites;
  }

  /**
   * The favourites owner: the bearer token's user, otherwise one shared guest
   * account (as the original backend had one global favourites list), created
   * on first use.
   */
  async currentUserId(request: FastifyRequest): Promise<string> {
    if (request.principal) return request.principal.userId;
    this.guestId ??= this.gateway.guestUserId().catch((error: unknown) => {
      this.guestId = undefined;
      throw error;
    });
    return this.guestId;
  }

  /** The caller when their roles grant `permission`; otherwise 401 or 403 in Tickest words. */
  member(request: FastifyRequest, permission: Permission): Principal {
    const principal = request.principal;
    if (principal && isAllowed(principal, permission)) return principal;
    if (!principal) throw tickestError(401, 'Authentication required: send a bearer token');
    throw tickestError(403, 'Your account may not do this');
  }

  /**
   * Who writes an event: a caller whose roles grant events:write; with
   * TICKEST_OPEN_WRITES an anonymous caller acts as the platform itself (the
   * original's behaviour). Only event writes open up: a signed-in caller keeps
   * their own rights, and user administration always needs an admin.
   */
  async eventWriter(request: FastifyRequest): Promise<Principal> {
    if (!request.principal && this.openWrites) {
      return { userId: await this.currentUserId(request), roles: ['admin'], emailVerified: true };
    }
    return this.member(request, 'events:write');
  }

  /**
   * Who may change or delete user `id`: that user's own token, or an admin's.
   * Deleting needs a real sign-in: an API token (even a write one) never erases
   * the account it was made for.
   */
  userEditor(request: FastifyRequest, id: string, action?: 'delete'): Principal {
    const principal = request.principal;
    if (!principal) throw tickestError(401, 'Authentication required: send a bearer token');
    if (principal.userId !== id && !isAllowed(principal, 'users:admin'))
      throw tickestError(403, 'You may only change your own account');
    if (action === 'delete') assertSession(principal, 'delete an account');
    return principal;
  }

  /** Native events in Tickest shape, `favorited` for the current user. */
  async present(request: FastifyRequest, events: NativeEvent[]): Promise<TickestEvent[]> {
    if (events.length === 0) return [];
    const userId = await this.currentUserId(request);
    const saved = await this.community.favoritedAmong(
      userId,
      events.map((e) => e.id),
    );
    const baseUrl = this.platform.config.publicBaseUrl;
    return events.map((e) => toTickestEvent(e, { favorited: saved.has(e.id), baseUrl }));
  }

  async presentOne(request: FastifyRequest, event: NativeEvent): Promise<TickestEvent> {
    return (await this.present(request, [event]))[0]!;
  }
}
