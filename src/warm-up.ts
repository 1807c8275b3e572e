import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { App } from './platform/http/types.js';

/** One request of the warm-up and the status it must get. */
interface WarmUpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
  expect: number;
}

/**
 * What the warm-up sends, in turn. None of it writes anything: a liveness
 * probe, and a hold with a genuine access token of a session that does not
 * exist. The hold goes through HTTP parsing, routing, the request hooks, the
 * token check and a session lookup (a batched read of no rows), and is
 * answered 401 before rate limiting, which counts only authenticated
 * requests. The token is made here and never leaves this process.
 */
async function warmUpRequests(token: string): Promise<WarmUpRequest[]> {
  return [
    { method: 'GET', path: '/v1/health/live', expect: 200 },
    {
      method: 'POST',
      path: '/v1/events/1/reservations',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ ticketTypeId: 1, quantity: 1 }] }),
      expect: 401,
    },
  ];
}

/** Marks the raw requests of the warm-up, which log only warnings and errors (see app.ts). */
export const WARM_UP_REQUEST = Symbol('marquee.warmUpRequest');
const SECRET_HEADER = 'x-marquee-warm-up';

type Marked = http.IncomingMessage & { [WARM_UP_REQUEST]?: boolean };

/** Whether a raw request is one of the warm-up's. */
export const isWarmUpRequest = (req: http.IncomingMessage) =>
  (req as Marked)[WARM_UP_REQUEST] === true;

export interface WarmUpResult {
  requests: number;
  ms: number;
}

/**
 * Start-up warm-up: the process serves `total` harmless requests to itself
 * over real HTTP, on a private loopback port, so that V8 has compiled the
 * request path before the first buyers arrive. Without it, the first rush a
 * process serves is also when the compiler works hardest, on the same cores
 * (docs/adr/0011-start-up-warm-up.md). The server keeps the readiness probe
 * at 503 meanwhile. The warm-up's requests log only warnings and errors; one
 * that does not get its expected status fails the start.
 */
export async function warmUp(
  app: App,
  total: number,
  /** A genuine access token of a session that does not exist (identity makes it). */
  token: string,
): Promise<WarmUpResult> {
  const started = performance.now();
  if (total <= 0) return { requests: 0, ms: 0 };
  // Only requests carrying this start's secret are the warm-up's: anything
  // else that finds the private port is served and logged as usual.
  const secret = randomUUID();
  const requests = (await warmUpRequests(token)).map((spec) => ({
    ...spec,
    headers: { ...spec.headers, [SECRET_HEADER]: secret },
  }));
  const server = http.createServer((req, res) => {
    if (req.headers[SECRET_HEADER] === secret) (req as Marked)[WARM_UP_REQUEST] = true;
    app.routing(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  try {
    let sent = 0;
    const worker = async () => {
      while (sent < total) {
        const spec = requests[sent++ % requests.length]!;
        const status = await send(agent, port, spec);
        if (status !== spec.expect) {
          throw new Error(
            `warm-up: ${spec.method} ${spec.path} answered ${status}, expected ${spec.expect}`,
          );
        }
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    return { requests: total, ms: Math.round(performance.now() - started) };
  } finally {
    agent.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

function send(agent: http.Agent, port: number, spec: WarmUpRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: spec.method,
        path: spec.path,
        headers: spec.headers,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
        res.on('close', () => {
          if (!res.complete) reject(new Error('warm-up: an answer was cut short'));
        });
      },
    );
    req.on('error', reject);
    req.end(spec.body);
  });
}
