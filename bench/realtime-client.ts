/**
 * The load generator of bench/realtime.ts, in its own process (forked with
 * tsx's loader): opens N sockets, subscribes them, then for each round sends
 * the trigger (a hold over HTTP for Marquee, a POST to the bare server) and
 * times every socket's receipt of the next message from the trigger's send.
 * All times are this process's own clock.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

export interface ClientRun {
  url: string;
  sockets: number;
  /** Sent by every socket after it opens (Marquee's subscribe); none for the bare server. */
  subscribe?: string;
  /** Messages each socket receives right after subscribing (Marquee: subscribed and the snapshot). */
  greeting: number;
  rounds: number;
  trigger: { url: string; headers: Record<string, string>[]; body: string };
}

export interface RoundResult {
  /** ms from the trigger's send to each socket's receipt, sorted. */
  latencies: number[];
  missing: number;
  triggerMs: number;
  /** One received frame, so the bare server can send the same bytes. */
  sample?: string;
}

const LOCAL_ADDRESSES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`);

async function open(
  run: ClientRun,
): Promise<Array<{ ws: WebSocket; onMessage?: (data: Buffer) => void }>> {
  const sockets: Array<{ ws: WebSocket; onMessage?: (data: Buffer) => void }> = [];
  const openOne = (i: number) =>
    new Promise<void>((resolve, reject) => {
      // Several source addresses: tens of thousands of connections would run out of one's ports.
      const ws = new WebSocket(run.url, {
        localAddress: LOCAL_ADDRESSES[i % LOCAL_ADDRESSES.length],
        perMessageDeflate: false,
      });
      const entry: { ws: WebSocket; onMessage?: (data: Buffer) => void } = { ws };
      let greeted = 0;
      ws.on('message', (data) => {
        if (greeted < run.greeting) {
          if (++greeted === run.greeting) resolve();
          return;
        }
        entry.onMessage?.(data as Buffer);
      });
      ws.once('open', () => {
        if (run.subscribe) ws.send(run.subscribe);
        if (run.greeting === 0) resolve();
      });
      ws.once('error', reject);
      sockets.push(entry);
    });
  const batch = 250;
  for (let i = 0; i < run.sockets; i += batch)
    await Promise.all(
      Array.from({ length: Math.min(batch, run.sockets - i) }, (_, j) => openOne(i + j)),
    );
  return sockets;
}

function post(url: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function round(
  sockets: Awaited<ReturnType<typeof open>>,
  trigger: ClientRun['trigger'],
  headers: Record<string, string>,
): Promise<RoundResult> {
  const latencies: number[] = [];
  let sample: string | undefined;
  let t0 = 0;
  const all = new Promise<void>((resolve) => {
    for (const s of sockets)
      s.onMessage = (data) => {
        latencies.push(performance.now() - t0);
        sample ??= data.toString();
        s.onMessage = undefined;
        if (latencies.length === sockets.length) resolve();
      };
  });
  t0 = performance.now();
  const status = await post(trigger.url, headers, trigger.body);
  const triggerMs = performance.now() - t0;
  if (status >= 300) throw new Error(`trigger answered ${status}`);
  await Promise.race([all, new Promise((r) => setTimeout(r, 15_000))]);
  for (const s of sockets) s.onMessage = undefined;
  return {
    latencies: latencies.sort((a, b) => a - b),
    missing: sockets.length - latencies.length,
    triggerMs,
    sample,
  };
}

process.once('message', (message: { run: ClientRun }) => {
  void (async () => {
    const { run } = message;
    const sockets = await open(run);
    process.send!({ ready: true });
    // The parent measures the server's memory, then says go.
    await new Promise<void>((resolve) => process.once('message', () => resolve()));
    const rounds: RoundResult[] = [];
    for (let r = 0; r < run.rounds; r++) {
      rounds.push(
        await round(sockets, run.trigger, run.trigger.headers[r % run.trigger.headers.length]!),
      );
      // Past the coalescing window, so every round's change is sent at once.
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    await Promise.all(
      sockets.map(
        ({ ws }) =>
          new Promise<void>((resolve) => {
            ws.once('close', () => resolve());
            ws.terminate();
          }),
      ),
    );
    process.send!({ rounds });
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
