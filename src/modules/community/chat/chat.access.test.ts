import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../../../../test/fixtures/identity.js';
import { COMMUNITY_ERRORS } from '../community.errors.js';
import { REALTIME_ERRORS } from '../../../platform/realtime/protocol.js';
import { CATALOG_ERRORS } from '../../catalog/index.js';
import { createSaleEvent } from '../../../../test/fixtures/ticketing.js';
import { chatUrl, useChatApp, type ChatEvent } from './chat.fixture.js';

const chat = await useChatApp();
const { ctx, call } = chat;

let event: ChatEvent;
let other: ChatEvent;
beforeAll(async () => {
  [event, other] = await Promise.all([chat.chatEvent(), chat.chatEvent()]);
});

/** Whether `who` may read and post: the REST answers of both, and the socket's subscription. */
async function access(who: TestUser | undefined, target = event) {
  const read = await call('GET', chatUrl(target), who);
  const write = await call('POST', chatUrl(target), who, { text: 'hello' });
  let subscribe = 'anonymous';
  if (who) {
    const socket = await chat.socketFor(who);
    const answer = await socket.subscribe(`event:${target.eventId}:chat`);
    subscribe = answer.type === 'subscribed' ? 'subscribed' : String(answer.data?.code);
    socket.close();
  }
  return {
    read: read.statusCode,
    write: write.statusCode,
    code: read.statusCode === 200 ? undefined : read.json().code,
    subscribe,
  };
}

const allowed = { read: 200, write: 201, code: undefined, subscribe: 'subscribed' };
const refused = {
  read: 403,
  write: 403,
  code: COMMUNITY_ERRORS.chatForbidden,
  subscribe: COMMUNITY_ERRORS.chatForbidden,
};

describe('who may use an event chat', () => {
  it('refuses an attendee without a ticket, over REST and the socket', async () => {
    expect(await access(await createUser(ctx))).toEqual(refused);
  });

  it('lets a ticket holder read, post and subscribe', async () => {
    expect(await access(await chat.holder(event))).toEqual(allowed);
  });

  it("does not count another event's ticket", async () => {
    const elsewhere = await chat.holder(other);
    expect(await access(elsewhere)).toEqual(refused);
    expect(await access(elsewhere, other)).toEqual(allowed);
  });

  it('does not count a cancelled ticket', async () => {
    const user = await createUser(ctx);
    const ticketId = await chat.buyTicket(event, user);
    expect((await access(user)).read).toBe(200);
    const cancel = await call('POST', `/v1/tickets/${ticketId}/cancel`, user);
    expect(cancel.statusCode).toBe(200);
    expect(await access(user)).toEqual(refused);
  });

  it("lets the organizer's staff in, not another organizer's", async () => {
    expect(await access(await chat.teamMember(event, 'staff'))).toEqual(allowed);
    expect(await access(event.owner)).toEqual(allowed);
    expect(await access(await chat.teamMember(other, 'staff'))).toEqual(refused);
    expect(await access(other.owner)).toEqual(refused);
  });

  it('lets moderators and admins in without a ticket', async () => {
    expect(await access(await createUser(ctx, { roles: ['moderator'] }))).toEqual(allowed);
    expect(await access(await createUser(ctx, { roles: ['admin'] }))).toEqual(allowed);
  });

  it('refuses anonymous callers: 401 over REST, sign-in required on the socket', async () => {
    expect(await access(undefined)).toMatchObject({ read: 401, write: 401 });
    const socket = await chat.socketFor();
    const answer = await socket.subscribe(`event:${event.eventId}:chat`);
    expect(answer).toMatchObject({ type: 'error', data: { code: REALTIME_ERRORS.signInRequired } });
  });

  it("hides a draft event's chat from all but its team, and answers 404 for no event", async () => {
    const draft = await createSaleEvent(ctx, {
      organizerId: event.organizerId,
      ticketTypes: [{ name: 'Free', capacity: 5 }],
      publish: false,
    });
    const target = { ...event, eventId: draft.eventId };
    const moderator = await createUser(ctx, { roles: ['moderator'] });
    expect(await access(moderator, target)).toMatchObject({
      read: 404,
      code: CATALOG_ERRORS.eventNotFound,
      subscribe: CATALOG_ERRORS.eventNotFound,
    });
    expect(await access(event.owner, target)).toEqual(allowed);
    const missing = { ...event, eventId: 2_000_000_000 };
    expect(await access(event.owner, missing)).toMatchObject({
      read: 404,
      subscribe: CATALOG_ERRORS.eventNotFound,
    });
    const socket = await chat.socketFor(event.owner);
    const bad = await socket.subscribe('event:abc:chat');
    expect(bad).toMatchObject({ type: 'error', data: { code: REALTIME_ERRORS.forbidden } });
  });
});
