import { describe, expect, it } from 'vitest';
import { chatText, decodeCursor, encodeCursor, isMuteActive, postingWait } from './chat.rules.js';

describe('chat rules', () => {
  it('round-trips cursors and refuses anything else', () => {
    for (const position of [1, 42, 9_007_199_254_740_991])
      expect(decodeCursor(encodeCursor(position))).toBe(position);
    for (const bad of ['', 'nonsense', encodeCursor(0), 'cDE=', 'p1', '!!!', 'x'.repeat(40)])
      expect(decodeCursor(bad), bad).toBeNull();
  });

  it('keeps text as given but trimmed, and names what is wrong', () => {
    expect(chatText(' <script>x</script> ')).toEqual({ ok: true, text: '<script>x</script>' });
    expect(chatText('tab\tand\nlines')).toEqual({ ok: true, text: 'tab\tand\nlines' });
    expect(chatText('é'.repeat(2000))).toMatchObject({ ok: true });
    for (const bad of ['', '   ', 'x'.repeat(2001), 'a\u0000b', 'esc\u001b[31m', '\udc00', 7])
      expect(chatText(bad)).toMatchObject({ ok: false });
  });

  it('waits until the oldest of the last `max` posts leaves the window', () => {
    const now = new Date('2030-01-01T00:00:10Z');
    const at = (s: number) => new Date(now.getTime() - s * 1000);
    expect(postingWait([at(1), at(2)], now, 3, 10)).toBeNull();
    expect(postingWait([at(1), at(2), at(7.5)], now, 3, 10)).toBe(3);
    expect(postingWait([at(0), at(0), at(9.99)], now, 3, 10)).toBe(1);
  });

  it('holds a mute without end or until its end', () => {
    const now = new Date();
    expect(isMuteActive(null, now)).toBe(true);
    expect(isMuteActive(new Date(now.getTime() + 1), now)).toBe(true);
    expect(isMuteActive(now, now)).toBe(false);
  });
});
