/**
 * The load generator of bench/ticketing.ts, run in a worker thread so that
 * issuing 2,000 requests and reading their answers does not take turns with
 * the server on one event loop (real buyers are other machines). It reports
 * raw samples; the main thread summarises them.
 */
import net from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';

export interface ClientInput {
  /** One per API instance; connections are shared out among them. */
  baseUrls: string[];
  eventId: number;
  rushType: number;
  otherType: number;
  /** A rush on another event first, so the server's JIT has seen the whole path. */
  priorRush?: { eventId: number; ticketTypeId: number };
  connections: number;
  rush: { authorization: string }[];
  baseline: { authorization: string }[];
  others: { authorization: string }[];
}

export interface Sample {
  group: 'rush' | 'other';
  status: number;
  ms: number;
  /** Milliseconds since the rush started. */
  endedAt: number;
}

/** Sent when the rush starts and ends, before the output. */
export interface ClientMark {
  mark: 'rush-start' | 'rush-end';
}

export interface ClientOutput {
  baseline: Sample[];
  samples: Sample[];
  wallMs: number;
  checkouts: number[];
}

const input = workerData as ClientInput;
const targets = input.baseUrls.map((u) => new URL(u));

interface Answer {
  status: number;
  body: { data?: { id: string } };
}

/**
 * Keep-alive connections that carry one request at a time each, written as
 * prebuilt bytes on raw sockets (as autocannon does): the load generator
 * shares the machine with the server, so it must cost as little as it can.
 * Requests beyond `size` wait for a free connection, and their latency
 * includes that wait. Answers must carry a content-length (Fastify's do).
 */
class Connections {
  private readonly idle: net.Socket[] = [];
  private readonly waiting: Job[] = [];
  private readonly all = new Set<net.Socket>();
  /** What each busy connection is answering, and the bytes of the answer so far. */
  private readonly current = new Map<net.Socket, { job: Job; buffered: Buffer }>();

  constructor(
    private readonly target: URL,
    private readonly size: number,
  ) {}

  request(bytes: Buffer): Promise<Answer> {
    return new Promise((done) => {
      this.waiting.push({ bytes, done });
      this.pump();
    });
  }

  close(): void {
    for (const socket of this.all) socket.destroy();
    this.all.clear();
    this.idle.length = 0;
  }

  private pump(): void {
    while (this.waiting.length > 0 && (this.idle.length > 0 || this.all.size < this.size)) {
      const socket = this.idle.pop() ?? this.connect();
      const job = this.waiting.shift()!;
      this.current.set(socket, { job, buffered: EMPTY });
      socket.write(job.bytes);
    }
  }

  /** A connection with its one listener for all the answers it will carry. */
  private connect(): net.Socket {
    const socket = net.connect(Number(this.target.port), this.target.hostname);
    socket.setNoDelay(true);
    this.all.add(socket);
    socket.on('data', (chunk: Buffer) => this.read(socket, chunk));
    socket.on('error', () => this.finish(socket, { status: 0, body: {} }, false));
    return socket;
  }

  private read(socket: net.Socket, chunk: Buffer): void {
    const state = this.current.get(socket);
    if (!state) return;
    const buffered = state.buffered.length ? Buffer.concat([state.buffered, chunk]) : chunk;
    state.buffered = buffered;
    const headEnd = buffered.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = buffered.subarray(0, headEnd).toString('latin1');
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (!length) return this.finish(socket, { status: 0, body: {} }, false);
    const end = headEnd + 4 + Number(length[1]);
    if (buffered.length < end) return;
    const status = Number(head.slice(9, 12));
    // Only a created reservation's body is needed (its id, for the checkout).
    const body =
      status === 201
        ? (JSON.parse(buffered.subarray(headEnd + 4, end).toString()) as Answer['body'])
        : {};
    this.finish(socket, { status, body }, true);
  }

  private finish(socket: net.Socket, answer: Answer, reusable: boolean): void {
    const state = this.current.get(socket);
    this.current.delete(socket);
    if (reusable) this.idle.push(socket);
    else {
      this.all.delete(socket);
      socket.destroy();
    }
    state?.job.done(answer);
    this.pump();
  }
}

interface Job {
  bytes: Buffer;
  done: (answer: Answer) => void;
}

const EMPTY = Buffer.alloc(0);

/** `total` connections shared out among the instances; requests go round-robin. */
const spread = (total: number) =>
  targets.map((t) => new Connections(t, Math.max(1, Math.round(total / targets.length))));
const rushConnections = spread(input.connections);
// Buyers of the other ticket type come through their own connections (as other
// people would), alone and during the rush alike, so the comparison shows
// the server, not a queue for the rush's connections.
const otherConnections = spread(32);
let turn = 0;
const next = (pools: Connections[]) => pools[turn++ % pools.length]!;

/** The bytes of one JSON POST, built before any clock starts. */
function postBytes(url: string, headers: Record<string, string>, body: unknown): Buffer {
  const payload = Buffer.from(JSON.stringify(body));
  const lines = [
    `POST ${url} HTTP/1.1`,
    `host: ${targets[0]!.host}`,
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    'content-type: application/json',
    `content-length: ${payload.length}`,
  ];
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), payload]);
}

let t0 = performance.now();

/** A hold request, built now and sent when called. */
const reserve = (
  headers: { authorization: string },
  ticketTypeId: number,
  group: Sample['group'],
  eventId = input.eventId,
) => {
  const bytes = postBytes(`/v1/events/${eventId}/reservations`, headers, {
    items: [{ ticketTypeId, quantity: 1 }],
  });
  const connections = next(group === 'rush' ? rushConnections : otherConnections);
  return async (clickedAt?: number) => {
    const started = clickedAt ?? performance.now();
    const res = await connections.request(bytes);
    const ended = performance.now();
    return {
      sample: { group, status: res.status, ms: ended - started, endedAt: ended - t0 },
      id: res.body.data?.id,
      headers,
    };
  };
};
const all = <T>(sends: (() => Promise<T>)[]) => Promise.all(sends.map((send) => send()));

/**
 * Sends every request of a rush at once: each counts its latency from the
 * same moment (every buyer clicked then), but they are handed to the
 * connections a few dozen per turn of this thread's event loop, so the first
 * connections carry their requests while later ones are still being opened.
 * One long synchronous loop would hold every request back until all 256
 * connections had been started.
 */
async function rushAll<T>(sends: ((clickedAt: number) => Promise<T>)[], perTurn = 32) {
  const clickedAt = performance.now();
  const answers: Promise<T>[] = [];
  for (let i = 0; i < sends.length; i += perTurn) {
    for (const send of sends.slice(i, i + perTurn)) answers.push(send(clickedAt));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return Promise.all(answers);
}

// Warm-up, then the other ticket type alone: the baseline for "not slowed down".
await all(input.baseline.slice(0, 20).map((h) => reserve(h, input.otherType, 'other')));
const baseline = await all(
  input.baseline.slice(20).map((h) => reserve(h, input.otherType, 'other')),
);

if (input.priorRush) {
  const { eventId, ticketTypeId } = input.priorRush;
  await rushAll(input.rush.map((h) => reserve(h, ticketTypeId, 'rush', eventId)));
  // The measured rush opens its connections afresh, as arriving buyers would.
  for (const pool of rushConnections) pool.close();
}

// The rush, with the other ticket type's buyers arriving during it.
const rush = [
  ...input.rush.map((h) => reserve(h, input.rushType, 'rush')),
  ...input.others.map((h) => reserve(h, input.otherType, 'other')),
];
parentPort!.postMessage({ mark: 'rush-start' });
t0 = performance.now();
const answers = await rushAll(rush);
const wallMs = performance.now() - t0;
parentPort!.postMessage({ mark: 'rush-end' });

// Check out every rush hold (not timed as holds).
const held = answers.filter((a) => a.sample.group === 'rush' && a.sample.status === 201);
const checkouts = await Promise.all(
  held.map((a, i) =>
    next(rushConnections)
      .request(
        postBytes(`/v1/reservations/${a.id}/checkout`, a.headers, {
          attendees: [{ name: `Buyer ${i}`, email: `b${i}@example.test` }],
          paymentMethod: 'free',
        }),
      )
      .then((r) => r.status),
  ),
);
for (const pool of [...rushConnections, ...otherConnections]) pool.close();

const output: ClientOutput = {
  baseline: baseline.map((a) => a.sample),
  samples: answers.map((a) => a.sample),
  wallMs,
  checkouts,
};
parentPort!.postMessage(output);
