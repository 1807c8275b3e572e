import type { ServerResponse } from 'node:http';

/** How long a client waits before reconnecting, sent in the stream's first line (ms). */
export const RETRY_MS = 3_000;

export interface EventStreamOptions {
  /** The id of the first event sent (one more than the client's Last-Event-ID). */
  firstId: number;
  heartbeatMs: number;
  /** A client that has not taken what was written for this long is dropped. */
  slowConsumerMs: number;
  /** Called once, when the stream ends for whatever reason. */
  onClose: () => void;
}

/**
 * One Server-Sent Events response (text/event-stream) of whole-state
 * messages: each event gets the next `id:`, a comment keeps an idle stream
 * open through proxies, and a client slower than the updates gets only the
 * newest state once it has taken what was written (a state replaces the one
 * before it, so nothing is queued; memory stays one message per client).
 */
export class EventStream {
  private nextId: number;
  private waiting: { event: string; data: unknown } | undefined;
  private blockedSince = 0;
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: EventStreamOptions,
  ) {
    this.nextId = options.firstId;
    res.write(`retry: ${RETRY_MS}\n\n`);
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs);
    this.heartbeat.unref();
    res.on('drain', () => this.drained());
    res.on('close', () => this.finish());
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends an event now, or as soon as the client has taken what was written before. */
  send(event: string, data: unknown): void {
    if (this.closed) return;
    if (this.res.writableNeedDrain) {
      this.waiting = { event, data };
      this.blockedSince ||= Date.now();
      return;
    }
    this.write(event, data);
  }

  /** Ends the response (the app is closing). */
  end(): void {
    if (this.closed) return;
    this.res.end();
    this.finish();
  }

  private write(event: string, data: unknown): void {
    // JSON has no raw newline, so one `data:` line carries the whole message.
    this.res.write(`id: ${this.nextId++}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  private drained(): void {
    this.blockedSince = 0;
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting && !this.closed) this.write(waiting.event, waiting.data);
  }

  private beat(): void {
    if (this.closed) return;
    if (this.res.writableNeedDrain) {
      this.blockedSince ||= Date.now();
      if (Date.now() - this.blockedSince >= this.options.slowConsumerMs) this.res.destroy();
      return;
    }
    this.res.write(': keep-alive\n\n');
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.options.onClose();
  }
}
