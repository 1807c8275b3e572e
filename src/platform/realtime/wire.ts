import type { FastifyBaseLogger } from 'fastify';
import type { Connection } from './connection.js';
import { CLOSE, type ClientMessage } from './protocol.js';

/** One frame as sent: JSON text, encoded once however many sockets get it. */
export const encode = (message: Record<string, unknown>) => Buffer.from(JSON.stringify(message));

/**
 * Writing to sockets: every frame goes through \`send\`, which refuses to grow
 * a socket's buffer without bound (a consumer that does not read is dropped),
 * and closing, which never waits for a peer that does not answer.
 */
export class Wire {
  constructor(
    private readonly options: { maxBufferedBytes: number; slowConsumerMs: number },
    private readonly log: FastifyBaseLogger,
  ) {}

  send(conn: Connection, frame: Buffer | string): void {
    if (conn.closing) return;
    const buffered = conn.ws.bufferedAmount;
    if (buffered > this.options.maxBufferedBytes) {
      const now = Date.now();
      if (conn.overSince === 0) conn.overSince = now;
      // Past four times the bound nothing more is queued, however young the lag.
      if (
        now - conn.overSince >= this.options.slowConsumerMs ||
        buffered > 4 * this.options.maxBufferedBytes
      )
        return this.dropSlow(conn);
    } else conn.overSince = 0;
    conn.ws.send(frame, { binary: false });
  }

  reply(conn: Connection, message: Record<string, unknown>): void {
    this.send(conn, encode(message));
  }

  error(
    conn: Connection,
    request: Pick<ClientMessage, 'id' | 'channel'> | undefined,
    code: string,
    message: string,
    extra: Record<string, unknown> = {},
  ): void {
    this.reply(conn, {
      type: 'error',
      ...(request?.id !== undefined ? { id: request.id } : {}),
      ...(request?.channel !== undefined ? { channel: request.channel } : {}),
      data: { code, message, ...extra },
    });
  }

  close(conn: Connection, code: number, reason: string): void {
    if (conn.closing) return;
    conn.closing = true;
    conn.ws.close(code, reason);
    // A peer that never answers the close frame is cut off.
    setTimeout(() => conn.ws.terminate(), 2_000).unref();
  }

  dropSlow(conn: Connection): void {
    this.log.info(
      { ip: conn.ip, buffered: conn.ws.bufferedAmount },
      'realtime: slow consumer dropped',
    );
    this.close(conn, CLOSE.slowConsumer, 'too slow: messages were not read');
    // Its buffer is full, so the close frame may never leave: do not keep it waiting.
    setTimeout(() => conn.ws.terminate(), 200).unref();
  }
}
