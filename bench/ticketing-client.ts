/**
 * The load generator of bench/ticketing.ts, run in a worker thread so that
 * issuing 2,000 requests and reading their answers does not take turns with
 * the server on one event loop (real buyers are other machines). It reports
 * raw samples; the main thread summarises them.
 */
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export interface ClientInput {
  baseUrl: string;
  eventId: number;
  rushType: number;
  otherType: number;
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

export interface ClientOutput {
  baseline: Sample[];
  samples: Sample[];
  wallMs: number;
  checkouts: number[];
}

const input = workerData as ClientInput;
const agent = new http.Agent({ keepAlive: true, maxSockets: input.connections });
// Buyers of the other ticket type come through their own sockets (as other
// people would), alone and during the rush alike, so the comparison shows
// the server, not a queue for the rush's sockets.
const otherAgent = new http.Agent({ keepAlive: true, maxSockets: 32 });

const post = (
  url: string,
  headers: Record<string, string>,
  body: unknown,
  via: http.Agent = agent,
) =>
  new Promise<{ status: number; body: { data?: { id: string } } }>((resolve) => {
    const payload = JSON.stringify(body);
    const req = http.request(
      `${input.baseUrl}${url}`,
      {
        method: 'POST',
        agent: via,
        headers: {
          ...headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: JSON.parse(Buffer.concat(chunks).toString() || '{}'),
          }),
        );
      },
    );
    // A transport error is reported as status 0, not a crash of the run.
    req.on('error', () => resolve({ status: 0, body: {} }));
    req.end(payload);
  });

let t0 = performance.now();
const reserve = async (
  headers: { authorization: string },
  ticketTypeId: number,
  group: Sample['group'],
) => {
  const started = performance.now();
  const res = await post(
    `/v1/events/${input.eventId}/reservations`,
    headers,
    { items: [{ ticketTypeId, quantity: 1 }] },
    group === 'rush' ? agent : otherAgent,
  );
  const ended = performance.now();
  return {
    sample: { group, status: res.status, ms: ended - started, endedAt: ended - t0 },
    id: res.body.data?.id,
    headers,
  };
};

// Warm-up, then the other ticket type alone: the baseline for "not slowed down".
await Promise.all(input.baseline.slice(0, 20).map((h) => reserve(h, input.otherType, 'other')));
const baseline = await Promise.all(
  input.baseline.slice(20).map((h) => reserve(h, input.otherType, 'other')),
);

// The rush, with the other ticket type's buyers arriving during it.
t0 = performance.now();
const answers = await Promise.all([
  ...input.rush.map((h) => reserve(h, input.rushType, 'rush')),
  ...input.others.map((h) => reserve(h, input.otherType, 'other')),
]);
const wallMs = performance.now() - t0;

// Check out every rush hold (not timed as holds).
const held = answers.filter((a) => a.sample.group === 'rush' && a.sample.status === 201);
const checkouts = await Promise.all(
  held.map((a, i) =>
    post(`/v1/reservations/${a.id}/checkout`, a.headers, {
      attendees: [{ name: `Buyer ${i}`, email: `b${i}@example.test` }],
      paymentMethod: 'free',
    }).then((r) => r.status),
  ),
);
agent.destroy();
otherAgent.destroy();

const output: ClientOutput = {
  baseline: baseline.map((a) => a.sample),
  samples: answers.map((a) => a.sample),
  wallMs,
  checkouts,
};
parentPort!.postMessage(output);
