import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../../../test/fixtures/identity.js';
import { COMMUNITY_ERRORS } from '../community.errors.js';
import { chatUrl, useChatApp, type ChatEvent } from './chat.fixture.js';

const chat = await useChatApp();
const { ctx, call } = chat;

let event: ChatEvent;
beforeAll(async () => {
  event = await chat.chatEvent();
});

const muteUrl = (userId: string) => chatUrl(event, `mutes/${userId}`);
const inSeconds = (s: number) => new Date(Date.now() + s * 1000).toISOString();
const say = (who: { headers: { authorization: string } }, text = 'hello') =>
  call('POST', chatUrl(event), who, { text });

describe('muting', () => {
  it('refuses posts and edits of a muted user, who can still read; unmuting lets them post', async () => {
    const ada = await chat.holder(event);
    const before = await chat.post(event, ada, 'before the mute');
    const staff = await chat.teamMember(event);
    const mute = await call('PUT', muteUrl(ada.id), staff, { reason: 'flooding' });
    expect(mute.statusCode).toBe(201);
    expect(mute.json().data).toMatchObject({
      userId: ada.id,
      userName: ada.name,
      until: null,
      reason: 'flooding',
      mutedBy: staff.id,
      active: true,
    });
    const refused = await say(ada);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({
      code: COMMUNITY_ERRORS.chatMuted,
      details: { until: null },
    });
    const edit = await call('PATCH', chatUrl(event, `messages/${before.id}`), ada, { text: 'x' });
    expect(edit.json().code).toBe(COMMUNITY_ERRORS.chatMuted);
    expect((await call('GET', chatUrl(event), ada)).statusCode).toBe(200);
    const listed = await call('GET', chatUrl(event, 'mutes'), staff);
    expect(listed.json().data.map((m: { userId: string }) => m.userId)).toContain(ada.id);
    expect((await call('DELETE', muteUrl(ada.id), staff)).statusCode).toBe(204);
    expect((await call('DELETE', muteUrl(ada.id), staff)).statusCode).toBe(204);
    expect((await say(ada)).statusCode).toBe(201);
    const after = await call('GET', chatUrl(event, 'mutes'), staff);
    expect(after.json().data.map((m: { userId: string }) => m.userId)).not.toContain(ada.id);
  });

  it('holds a mute until `until`; an `until` in the past mutes nobody', async () => {
    const ada = await chat.holder(event);
    const moderator = await createUser(ctx, { roles: ['moderator'] });
    const until = inSeconds(3600);
    const timed = await call('PUT', muteUrl(ada.id), moderator, { until });
    expect(timed.statusCode).toBe(201);
    const refused = await say(ada);
    expect(refused.json()).toMatchObject({
      code: COMMUNITY_ERRORS.chatMuted,
      details: { until: new Date(until).toISOString() },
    });
    const past = await call('PUT', muteUrl(ada.id), moderator, { until: inSeconds(-1) });
    expect(past.statusCode).toBe(200);
    expect(past.json().data.active).toBe(false);
    expect((await say(ada)).statusCode).toBe(201);
    const listed = await call('GET', chatUrl(event, 'mutes'), moderator);
    expect(listed.json().data.map((m: { userId: string }) => m.userId)).not.toContain(ada.id);
  });

  it('is for the team and moderators only; an unknown user is 404', async () => {
    const ada = await chat.holder(event);
    const bob = await chat.holder(event);
    const byHolder = await call('PUT', muteUrl(bob.id), ada, {});
    expect(byHolder.statusCode).toBe(403);
    expect(byHolder.json().code).toBe(COMMUNITY_ERRORS.chatModeratorsOnly);
    expect((await call('GET', chatUrl(event, 'mutes'), ada)).statusCode).toBe(403);
    expect((await call('DELETE', muteUrl(bob.id), ada)).statusCode).toBe(403);
    const stranger = await createUser(ctx);
    expect((await call('PUT', muteUrl(bob.id), stranger, {})).json().code).toBe(
      COMMUNITY_ERRORS.chatForbidden,
    );
    expect((await say(bob)).statusCode).toBe(201);
    const unknown = await call(
      'PUT',
      muteUrl('00000000-0000-4000-8000-000000000000'),
      event.owner,
      {},
    );
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe(COMMUNITY_ERRORS.chatUserNotFound);
    expect((await call('PUT', muteUrl('nope'), event.owner, {})).statusCode).toBe(400);
    expect((await call('PUT', muteUrl(bob.id), event.owner, { until: 'soon' })).statusCode).toBe(
      400,
    );
  });

  it('does not hold back the team', async () => {
    const staff = await chat.teamMember(event);
    // No body at all: muted until unmuted.
    const muted = await call('PUT', muteUrl(staff.id), event.owner);
    expect(muted.statusCode).toBe(201);
    expect(muted.json().data).toMatchObject({ until: null, active: true });
    expect((await say(staff)).statusCode).toBe(201);
  });

  it('tells the muted user on their own stream', async () => {
    const ada = await chat.holder(event);
    const socket = await chat.socketFor(ada);
    expect((await socket.subscribe('user')).type).toBe('subscribed');
    await call('PUT', muteUrl(ada.id), event.owner, {});
    const told = await socket.next((m) => m.type === 'chat.muted');
    expect(told.data).toEqual({ eventId: event.eventId, until: null, active: true });
    await call('DELETE', muteUrl(ada.id), event.owner);
    expect((await socket.next((m) => m.type === 'chat.unmuted')).data).toEqual({
      eventId: event.eventId,
    });
  });
});

describe('the pin', () => {
  it('posts an announcement, pins it and shows it to ticket holders', async () => {
    const fresh = await chat.chatEvent();
    const ada = await chat.holder(fresh);
    const empty = await call('GET', chatUrl(fresh, 'pin'), ada);
    expect(empty.json()).toEqual({ success: true, data: null });
    const pinned = await call('PUT', chatUrl(fresh, 'pin'), fresh.owner, { text: 'Doors at 7' });
    expect(pinned.statusCode).toBe(200);
    const pin = pinned.json().data;
    expect(pin).toMatchObject({
      eventId: fresh.eventId,
      pinnedBy: fresh.owner.id,
      message: { kind: 'announcement', text: 'Doors at 7', author: { role: 'organizer' } },
    });
    expect((await call('GET', chatUrl(fresh, 'pin'), ada)).json().data).toEqual(pin);
    const history = (await call('GET', chatUrl(fresh), ada)).json().data;
    expect(history[0]).toEqual(pin.message);
  });

  it('pins an existing message, replacing the pin; unpin and deletion remove it', async () => {
    const fresh = await chat.chatEvent();
    const ada = await chat.holder(fresh);
    const first = await chat.post(fresh, ada, 'worth pinning');
    const second = await chat.post(fresh, ada, 'even better');
    const url = chatUrl(fresh, 'pin');
    expect((await call('PUT', url, fresh.owner, { messageId: first.id })).statusCode).toBe(200);
    expect((await call('PUT', url, fresh.owner, { messageId: second.id })).statusCode).toBe(200);
    expect((await call('GET', url, ada)).json().data.message.id).toBe(second.id);
    expect((await call('DELETE', url, fresh.owner)).statusCode).toBe(204);
    expect((await call('GET', url, ada)).json().data).toBeNull();
    expect((await call('PUT', url, fresh.owner, { messageId: first.id })).statusCode).toBe(200);
    const staff = await chat.teamMember(fresh);
    expect((await call('DELETE', chatUrl(fresh, `messages/${first.id}`), staff)).statusCode).toBe(
      204,
    );
    expect((await call('GET', url, ada)).json().data).toBeNull();
    const deleted = await call('PUT', url, fresh.owner, { messageId: first.id });
    expect(deleted.statusCode).toBe(409);
    expect(deleted.json().code).toBe(COMMUNITY_ERRORS.chatMessageDeleted);
  });

  it('is for the team and moderators; the body names a message or a text, not both', async () => {
    const ada = await chat.holder(event);
    const mine = await chat.post(event, ada, 'pin me');
    const url = chatUrl(event, 'pin');
    const byHolder = await call('PUT', url, ada, { messageId: mine.id });
    expect(byHolder.statusCode).toBe(403);
    expect(byHolder.json().code).toBe(COMMUNITY_ERRORS.chatModeratorsOnly);
    expect((await call('DELETE', url, ada)).statusCode).toBe(403);
    for (const body of [
      {},
      { messageId: mine.id, text: 'both' },
      { text: ' ' },
      { messageId: 'x' },
    ])
      expect((await call('PUT', url, event.owner, body)).statusCode, JSON.stringify(body)).toBe(
        400,
      );
    const missing = await call('PUT', url, event.owner, {
      messageId: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing.json().code).toBe(COMMUNITY_ERRORS.chatMessageNotFound);
    const moderator = await createUser(ctx, { roles: ['moderator'] });
    expect((await call('PUT', url, moderator, { messageId: mine.id })).statusCode).toBe(200);
  });
});
