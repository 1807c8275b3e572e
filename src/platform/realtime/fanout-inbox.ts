import type { FastifyBaseLogger } from 'fastify';
import type { FanoutMessage } from './realtime.types.js';
import type { RealtimeStore } from './store.js';

/** A fan-out message on the wire: key, seq, and (when it fits) type and data. */
interface WireNote {
  k: string;
  s: number;
  t?: string;
  d?: unknown;
}

/**
 * Encodes a stored message for a transport that carries strings: `{k,s,t,d}`,
 * or only `{k,s}` when the whole message would pass `maxInlineBytes` (every
 * instance then reads it from the store, where it already is).
 */
export function encodeFanoutMessage(message: FanoutMessage, maxInlineBytes: number): string {
  const full = JSON.stringify({
    k: message.key,
    s: message.seq,
    t: message.type,
    d: message.data,
  });
  if (Buffer.byteLength(full) <= maxInlineBytes) return full;
  return JSON.stringify({ k: message.key, s: message.seq });
}

/**
 * The receiving side of a fan-out: decodes what arrives and hands each message
 * to `deliver` in arrival order per key, even when one of them has to be read
 * from the store first (a later small message of the same key waits for it).
 * Anything that is not a fan-out message is ignored: the channel is shared
 * infrastructure, and a stray publish must not reach sockets or crash us.
 */
export class FanoutInbox {
  private readonly queues = new Map<string, Promise<void>>();

  constructor(
    private readonly store: RealtimeStore,
    private readonly log: FastifyBaseLogger,
    private readonly deliver: (message: FanoutMessage) => void,
  ) {}

  receive(payload: string | undefined): void {
    const note = decode(payload);
    if (!note) return;
    const { k: key, s: seq } = note;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(async () => {
      const body =
        note.t !== undefined ? { type: note.t, data: note.d } : await this.store.message(key, seq);
      if (body) this.deliver({ key, seq, type: body.type, data: body.data });
    });
    const settled = next.catch((error: unknown) => {
      this.log.warn({ err: error, key, seq }, 'realtime message could not be delivered');
    });
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
  }

  /** Resolves once everything received so far has been delivered (or given up). */
  async drained(): Promise<void> {
    await Promise.all(this.queues.values());
  }
}

function decode(payload: string | undefined): WireNote | null {
  let note: unknown;
  try {
    note = JSON.parse(payload ?? '');
  } catch {
    return null;
  }
  if (typeof note !== 'object' || note === null) return null;
  const { k, s, t } = note as Partial<WireNote>;
  if (typeof k !== 'string' || typeof s !== 'number' || !Number.isSafeInteger(s)) return null;
  if (t !== undefined && typeof t !== 'string') return null;
  return note as WireNote;
}
