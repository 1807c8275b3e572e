import http from 'node:http';

/** One block of a text/event-stream: an event, a `retry:` line, or a comment. */
export interface SseBlock {
  id?: string;
  event?: string;
  data?: string;
  retry?: number;
  comment?: string;
}

/**
 * A real Server-Sent Events client for tests, over a real socket: blocks are
 * parsed as they arrive and queued; `next` waits for the first one matching
 * (or a timeout that fails the test), `ended` resolves when the server ends
 * the response. No sleeps.
 */
export class TestEventStream {
  readonly received: SseBlock[] = [];
  readonly ended: Promise<void>;
  private buffer = '';
  private readonly waiters: Array<{
    match: (b: SseBlock) => boolean;
    resolve: (b: SseBlock) => void;
  }> = [];

  constructor(
    readonly request: http.ClientRequest,
    readonly response: http.IncomingMessage,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.take(chunk));
    this.ended = new Promise((resolve) => response.once('end', () => resolve()));
    response.on('error', () => {});
    request.on('error', () => {});
  }

  private take(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = parseBlock(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 2);
      const waiter = this.waiters.findIndex((w) => w.match(block));
      if (waiter >= 0) this.waiters.splice(waiter, 1)[0]!.resolve(block);
      else this.received.push(block);
    }
  }

  /** The next block (matching `match`), waiting up to `timeoutMs`. */
  next(match: (b: SseBlock) => boolean = () => true, timeoutMs = 5_000): Promise<SseBlock> {
    const queued = this.received.findIndex(match);
    if (queued >= 0) return Promise.resolve(this.received.splice(queued, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve: (b: SseBlock) => (clearTimeout(timer), resolve(b)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          new Error(
            `no matching block within ${timeoutMs} ms; got ${JSON.stringify(this.received)}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** The next event named `event`, its data parsed. */
  async nextEvent<T = unknown>(
    event: string,
    match: (data: T) => boolean = () => true,
  ): Promise<{ id: number; data: T }> {
    const block = await this.next(
      (b) => b.event === event && match(JSON.parse(b.data ?? 'null') as T),
    );
    return { id: Number(block.id), data: JSON.parse(block.data!) as T };
  }

  /** Goes away as a client would (the connection is closed). */
  close(): void {
    this.request.destroy();
  }
}

function parseBlock(text: string): SseBlock {
  const block: SseBlock = {};
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) {
      block.comment = line.slice(1).trim();
      continue;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'retry') block.retry = Number(value);
    else if (field === 'id' || field === 'event') block[field] = value;
    else if (field === 'data')
      block.data = block.data === undefined ? value : `${block.data}\n${value}`;
  }
  return block;
}

export type StreamAnswer =
  | { status: 200; headers: http.IncomingHttpHeaders; stream: TestEventStream }
  | { status: number; headers: http.IncomingHttpHeaders; body: string };

/** GETs `path` on a listening app; a 200 answer is read as an event stream, any other in full. */
export function openEventStream(
  baseUrl: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<StreamAnswer> {
  return new Promise((resolve, reject) => {
    const request = http.get(
      new URL(path, baseUrl),
      { headers: { accept: 'text/event-stream', ...headers } },
      (response) => {
        const status = response.statusCode ?? 0;
        if (status === 200)
          return resolve({
            status,
            headers: response.headers,
            stream: new TestEventStream(request, response),
          });
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
  });
}
