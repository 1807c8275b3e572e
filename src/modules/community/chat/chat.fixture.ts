import { sql } from 'drizzle-orm';
import { afterAll } from 'vitest';
import { useTestApp, type TestAppOptions, type TestContext } from '../../../../test/app.js';
import {
  addOrganizerMember,
  createOrganizer,
  createUser,
  type TestUser,
} from '../../../../test/fixtures/identity.js';
import { createSaleEvent } from '../../../../test/fixtures/ticketing.js';
import { openSocket, type TestSocket } from '../../../../test/sockets.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An event with its organizer's owner and one free ticket type. */
export interface ChatEvent {
  eventId: number;
  organizerId: string;
  ticketTypeId: number;
  owner: TestUser;
}

/**
 * The shared setup of chat's tests: an app on its own database, events with
 * a team, tickets bought and cancelled through ticketing's own routes, and
 * sockets on a real port (closed after the file).
 */
export async function useChatApp(env: Record<string, string> = {}, options: TestAppOptions = {}) {
  const ctx: TestContext = await useTestApp(env, options);
  const sockets: TestSocket[] = [];
  let baseUrl: string | undefined;
  afterAll(() => sockets.forEach((s) => s.close()));

  const call = (
    method: Method,
    url: string,
    who?: { headers: { authorization: string } },
    payload?: unknown,
    headers: Record<string, string> = {},
  ) =>
    ctx.app.inject({
      method,
      url,
      headers: { ...who?.headers, ...headers },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  /** A published event of a new organizer (its owner signed in), 30 days ahead. */
  async function chatEvent(): Promise<ChatEvent> {
    const owner = await createUser(ctx, { roles: ['organizer'] });
    const organizer = await createOrganizer(ctx, owner);
    const sale = await createSaleEvent(ctx, {
      organizerId: organizer.id,
      ticketTypes: [{ name: 'Free', capacity: 100 }],
    });
    return {
      eventId: sale.eventId,
      organizerId: organizer.id,
      ticketTypeId: sale.ticketTypeIds[0]!,
      owner,
    };
  }

  /** Buys one free ticket of the event as `who` (a hold, then checkout); answers the ticket id. */
  async function buyTicket(event: ChatEvent, who: TestUser): Promise<string> {
    const hold = await call('POST', `/v1/events/${event.eventId}/reservations`, who, {
      items: [{ ticketTypeId: event.ticketTypeId, quantity: 1 }],
    });
    if (hold.statusCode !== 201) throw new Error(`hold failed: ${hold.body}`);
    const order = await call('POST', `/v1/reservations/${hold.json().data.id}/checkout`, who, {
      attendees: [{ name: who.name, email: who.email }],
      paymentMethod: 'free',
    });
    if (order.statusCode !== 201) throw new Error(`checkout failed: ${order.body}`);
    return order.json().data.tickets[0].id as string;
  }

  /** A new signed-in user holding a ticket of the event. */
  async function holder(event: ChatEvent, opts: { roles?: string[] } = {}): Promise<TestUser> {
    const user = await createUser(ctx, opts);
    await buyTicket(event, user);
    return user;
  }

  /** A user of the organizer's team with `role`. */
  async function teamMember(
    event: ChatEvent,
    role: 'owner' | 'manager' | 'staff' = 'staff',
  ): Promise<TestUser> {
    const user = await createUser(ctx);
    await addOrganizerMember(ctx, event.organizerId, user.id, role);
    return user;
  }

  /** Posts as `who`, expecting success; answers the stored message. */
  async function post(event: ChatEvent, who: TestUser, text: string) {
    const res = await call('POST', `/v1/events/${event.eventId}/chat/messages`, who, { text });
    if (res.statusCode !== 201) throw new Error(`post failed: ${res.statusCode} ${res.body}`);
    return res.json().data as { id: string; text: string; createdAt: string };
  }

  /** Moves a message's posting time `seconds` into the past, as if the clock had run. */
  async function age(messageId: string, seconds: number): Promise<void> {
    await ctx.platform.database.db.execute(
      sql`UPDATE community_chat_messages SET created_at = created_at - make_interval(secs => ${seconds})
          WHERE id = ${messageId}::uuid`,
    );
  }

  /** A socket signed in as `who` (anonymous without), on the app's real port. */
  async function socketFor(who?: TestUser): Promise<TestSocket> {
    baseUrl ??= await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const socket = await openSocket(baseUrl);
    sockets.push(socket);
    if (who) {
      const auth = await socket.auth(who.accessToken);
      if (auth.type !== 'authenticated') throw new Error(`auth failed: ${JSON.stringify(auth)}`);
    }
    return socket;
  }

  return { ctx, call, chatEvent, buyTicket, holder, teamMember, post, age, socketFor };
}

export const chatUrl = (event: { eventId: number }, rest = 'messages') =>
  `/v1/events/${event.eventId}/chat/${rest}`;
