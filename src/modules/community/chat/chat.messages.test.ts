import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMUNITY_ERRORS } from '../community.errors.js';
import { chatUrl, useChatApp, type ChatEvent } from './chat.fixture.js';

// An hour-long posting window: the limit is reached by count, never raced by the clock.
const chat = await useChatApp({ CHAT_POST_LIMIT: '10', CHAT_POST_WINDOW_SECONDS: '3600' });
const { ctx, call } = chat;

let event: ChatEvent;
beforeAll(async () => {
  event = await chat.chatEvent();
});

const messageUrl = (id: string) => chatUrl(event, `messages/${id}`);

async function storedRow(id: string) {
  const { rows } = await ctx.platform.database.db.execute<{
    text: string | null;
    deleted_by: string | null;
  }>(sql`SELECT text, deleted_by FROM community_chat_messages WHERE id = ${id}::uuid`);
  return rows[0];
}

describe('posting and reading', () => {
  it('stores the text trimmed and otherwise as given, and shows it in the history', async () => {
    const ada = await chat.holder(event);
    const text = '  <b>bold?</b> & "quotes" 🎉\nsecond line  ';
    const res = await call('POST', chatUrl(event), ada, { text });
    expect(res.statusCode).toBe(201);
    const message = res.json().data;
    expect(message).toMatchObject({
      text: text.trim(),
      kind: 'message',
      author: { id: ada.id, name: ada.name, role: 'attendee' },
      editedAt: null,
      deletedAt: null,
    });
    expect(res.headers.etag).toMatch(/^"/);
    expect((await storedRow(message.id))!.text).toBe(text.trim());
    const history = (await call('GET', chatUrl(event), ada)).json();
    expect(history.data[0]).toEqual(message);
  });

  it('pages with the cursor: every message once, newest first, then a null cursor', async () => {
    const fresh = await chat.chatEvent();
    const url = chatUrl(fresh);
    const posters = [await chat.holder(fresh), await chat.holder(fresh), await chat.holder(fresh)];
    const posted: string[] = [];
    for (let i = 0; i < 25; i++) posted.push((await chat.post(fresh, posters[i % 3]!, `m${i}`)).id);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `?limit=10&before=${cursor}` : '?limit=10';
      const res = await call('GET', `${url}${query}`, posters[0]);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.meta.limit).toBe(10);
      seen.push(...body.data.map((m: { id: string }) => m.id));
      cursor = body.meta.nextCursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...posted].reverse());
    const all = (await call('GET', url, posters[0])).json();
    expect(all.data).toHaveLength(25);
    expect(all.meta).toEqual({ limit: 50, nextCursor: null });
  });
});

describe('editing and deleting', () => {
  it('lets the author edit within the window, not after, and nobody else', async () => {
    const ada = await chat.holder(event);
    const bob = await chat.holder(event);
    const message = await chat.post(event, ada, 'first draft');
    const edited = await call('PATCH', messageUrl(message.id), ada, { text: ' second ' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().data).toMatchObject({ text: 'second', editedAt: expect.any(String) });
    const byBob = await call('PATCH', messageUrl(message.id), bob, { text: 'hijacked' });
    expect(byBob.statusCode).toBe(403);
    expect(byBob.json().code).toBe(COMMUNITY_ERRORS.chatNotAuthor);
    const staff = await chat.teamMember(event);
    const byStaff = await call('PATCH', messageUrl(message.id), staff, { text: 'edited' });
    expect(byStaff.json().code).toBe(COMMUNITY_ERRORS.chatNotAuthor);
    await chat.age(message.id, 15 * 60 + 1);
    const late = await call('PATCH', messageUrl(message.id), ada, { text: 'too late' });
    expect(late.statusCode).toBe(403);
    expect(late.json().code).toBe(COMMUNITY_ERRORS.chatEditWindowPassed);
    expect((await storedRow(message.id))!.text).toBe('second');
  });

  it('answers 412 to a stale If-Match and takes the current ETag', async () => {
    const ada = await chat.holder(event);
    const posted = await call('POST', chatUrl(event), ada, { text: 'v1' });
    const first = posted.headers.etag as string;
    const edited = await call(
      'PATCH',
      messageUrl(posted.json().data.id),
      ada,
      { text: 'v2' },
      {
        'if-match': first,
      },
    );
    expect(edited.statusCode).toBe(200);
    expect(edited.headers.etag).not.toBe(first);
    const stale = await call(
      'PATCH',
      messageUrl(posted.json().data.id),
      ada,
      { text: 'v3' },
      {
        'if-match': first,
      },
    );
    expect(stale.statusCode).toBe(412);
  });

  it('lets the author delete within the window (a tombstone), not after; others may not', async () => {
    const ada = await chat.holder(event);
    const bob = await chat.holder(event);
    const early = await chat.post(event, ada, 'oops');
    const late = await chat.post(event, ada, 'stays');
    expect((await call('DELETE', messageUrl(early.id), bob)).json().code).toBe(
      COMMUNITY_ERRORS.chatNotAuthor,
    );
    expect((await call('DELETE', messageUrl(early.id), ada)).statusCode).toBe(204);
    expect((await call('DELETE', messageUrl(early.id), ada)).statusCode).toBe(204);
    expect(await storedRow(early.id)).toEqual({ text: null, deleted_by: 'author' });
    const history = (await call('GET', chatUrl(event), bob)).json().data;
    expect(history.find((m: { id: string }) => m.id === early.id)).toMatchObject({
      text: null,
      deletedBy: 'author',
      deletedAt: expect.any(String),
    });
    await chat.age(late.id, 15 * 60 + 1);
    const refused = await call('DELETE', messageUrl(late.id), ada);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe(COMMUNITY_ERRORS.chatEditWindowPassed);
    expect((await storedRow(late.id))!.text).toBe('stays');
    const edit = await call('PATCH', messageUrl(early.id), ada, { text: 'back' });
    expect(edit.json().code).toBe(COMMUNITY_ERRORS.chatMessageDeleted);
  });

  it('lets staff and moderators delete any message at any time', async () => {
    const ada = await chat.holder(event);
    const one = await chat.post(event, ada, 'spam one');
    const two = await chat.post(event, ada, 'spam two');
    await chat.age(one.id, 86_400);
    const staff = await chat.teamMember(event);
    expect((await call('DELETE', messageUrl(one.id), staff)).statusCode).toBe(204);
    const moderator = await chat.holder(event, { roles: ['moderator'] });
    expect((await call('DELETE', messageUrl(two.id), moderator)).statusCode).toBe(204);
    expect(await storedRow(one.id)).toEqual({ text: null, deleted_by: 'moderation' });
    expect(await storedRow(two.id)).toEqual({ text: null, deleted_by: 'moderation' });
  });

  it("answers 404 for a message of another event's chat", async () => {
    const otherEvent = await chat.chatEvent();
    const message = await chat.post(otherEvent, otherEvent.owner, 'elsewhere');
    const res = await call('DELETE', messageUrl(message.id), event.owner);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe(COMMUNITY_ERRORS.chatMessageNotFound);
    expect((await storedRow(message.id))!.text).toBe('elsewhere');
  });
});

describe('the posting rate limit', () => {
  it('refuses the 11th message in the window with 429 and Retry-After', async () => {
    const ada = await chat.holder(event);
    for (let i = 0; i < 10; i++) await chat.post(event, ada, `burst ${i}`);
    const eleventh = await call('POST', chatUrl(event), ada, { text: 'one too many' });
    expect(eleventh.statusCode).toBe(429);
    expect(eleventh.json()).toMatchObject({ code: COMMUNITY_ERRORS.chatRateLimited });
    const wait = Number(eleventh.headers['retry-after']);
    expect(wait).toBeGreaterThan(3500);
    expect(wait).toBeLessThanOrEqual(3600);
    // Another user, and the same user in another event, are not held back.
    await chat.post(event, await chat.holder(event), 'someone else');
    const elsewhere = await chat.chatEvent();
    await chat.buyTicket(elsewhere, ada);
    await chat.post(elsewhere, ada, 'another room');
  });

  it('counts parallel posts exactly: 15 at once, 10 stored', async () => {
    const ada = await chat.holder(event);
    const answers = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        call('POST', chatUrl(event), ada, { text: `parallel ${i}` }),
      ),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(10);
    expect(codes.filter((c) => c === 429)).toHaveLength(5);
    const { rows } = await ctx.platform.database.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM community_chat_messages
          WHERE author_id = ${ada.id}::uuid AND event_id = ${event.eventId}`,
    );
    expect(rows[0]!.n).toBe(10);
  });

  it('lets the author post again once the window has passed', async () => {
    const ada = await chat.holder(event);
    const first = await chat.post(event, ada, 'oldest');
    for (let i = 0; i < 9; i++) await chat.post(event, ada, `more ${i}`);
    expect((await call('POST', chatUrl(event), ada, { text: 'blocked' })).statusCode).toBe(429);
    await chat.age(first.id, 3600);
    expect((await call('POST', chatUrl(event), ada, { text: 'free again' })).statusCode).toBe(201);
  });
});

describe('bad input', () => {
  it('answers 400 in the error format, and stores nothing', async () => {
    const ada = await chat.holder(event);
    const cases: Array<[string, 'POST' | 'GET' | 'PATCH' | 'DELETE', string, unknown]> = [
      ['empty text', 'POST', chatUrl(event), { text: '' }],
      ['only spaces', 'POST', chatUrl(event), { text: ' \n\t ' }],
      ['2001 characters', 'POST', chatUrl(event), { text: 'x'.repeat(2001) }],
      ['2001 emoji', 'POST', chatUrl(event), { text: '🎉'.repeat(2001) }],
      ['no text', 'POST', chatUrl(event), {}],
      ['an object', 'POST', chatUrl(event), { text: { html: 'x' } }],
      ['an extra field', 'POST', chatUrl(event), { text: 'hi', html: '<b>' }],
      ['a control character', 'POST', chatUrl(event), { text: 'bell\u0007' }],
      ['a NUL', 'POST', chatUrl(event), { text: 'nul\u0000' }],
      ['a lone surrogate', 'POST', chatUrl(event), { text: 'half \ud83c' }],
      ['a bad event id', 'GET', '/v1/events/abc/chat/messages', undefined],
      ['a huge event id', 'GET', '/v1/events/99999999999/chat/messages', undefined],
      ['a bad message id', 'DELETE', chatUrl(event, 'messages/not-a-uuid'), undefined],
      ['a bad cursor', 'GET', `${chatUrl(event)}?before=nonsense`, undefined],
      [
        'a forged cursor',
        'GET',
        `${chatUrl(event)}?before=${Buffer.from('p0').toString('base64url')}`,
        undefined,
      ],
      ['limit 0', 'GET', `${chatUrl(event)}?limit=0`, undefined],
      ['limit 101', 'GET', `${chatUrl(event)}?limit=101`, undefined],
    ];
    for (const [what, method, url, body] of cases) {
      const res = await call(method, url, ada, body);
      expect(res.statusCode, what).toBe(400);
      expect(res.headers['content-type'], what).toContain('application/problem+json');
      expect(res.json(), what).toMatchObject({ success: false, status: 400 });
    }
    const { rows } = await ctx.platform.database.db.execute<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM community_chat_messages WHERE author_id = ${ada.id}::uuid`,
    );
    expect(rows[0]!.n).toBe(0);
    // 2000 characters (emoji count as one each) are fine.
    expect((await call('POST', chatUrl(event), ada, { text: '🎉'.repeat(2000) })).statusCode).toBe(
      201,
    );
  });
});
