/**
 * The service's routes: one classic leak each, numbered as in samples/README.md.
 *
 * Every handler gets the request's `signal` (see server.ts): it aborts when the client goes
 * away, when the response is done, and at the request's deadline.
 */
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { audit, lifecycle, settings } from './bus';
import { retry } from './retry';

const UPSTREAM = process.env['UPSTREAM_URL'] ?? 'http://127.0.0.1:8081';
/** How many items `/report` prices. */
const REPORT_ITEMS = Number(process.env['REPORT_ITEMS'] ?? 100);

let orders = 0;

export async function handle(req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://service.local');
  const sku = url.searchParams.get('sku') ?? '0';
  switch (url.pathname) {
    case '/checkout':
      return checkout(sku, res);
    case '/quote':
      return quote(sku, res, signal);
    case '/watch':
      return watch(sku, res);
    case '/subscribe':
      return subscribe(sku, res);
    case '/reserve':
      return reserve(sku, res, signal);
    case '/report':
      return report(res, signal);
    case '/health':
      return health(res, signal);
    default:
      send(res, 404, { error: `no route ${url.pathname}` });
  }
}

/** Leak 1: a result nobody consumes. */
async function checkout(sku: string, res: ServerResponse): Promise<void> {
  const id = `order-${++orders}`;
  // Nobody awaits this call, and the ack it waits for never comes: a pending promise and a
  // listener on a process-wide emitter, per request, forever.
  recordAudit(id);
  send(res, 201, { id, sku });
}

/** Sends an audit entry and waits for the auditor's ack. Resolves with whether it came. */
async function recordAudit(id: string): Promise<boolean> {
  audit.emit('entry', id);
  try {
    await once(audit, `ack:${id}`);
    return true;
  } catch {
    return false;
  }
}

/** Leak 2: a timeout that is never passed down. */
async function quote(sku: string, res: ServerResponse, signal: AbortSignal): Promise<void> {
  // The handler has the request's signal; the fetch does not get it. When the upstream stalls,
  // the request times out and answers 504, and the upstream call stays open.
  const upstream = await fetch(`${UPSTREAM}/quote?sku=${sku}`);
  const body = (await upstream.json()) as { price: number };
  if (signal.aborted) return;
  send(res, 200, { sku, price: body.price });
}

/** Leak 3: a ticker nobody stops. */
async function watch(sku: string, res: ServerResponse): Promise<void> {
  const session = { sku, seenAt: Date.now(), history: new Float64Array(1024) };
  let tick = 0;
  // Keeps the watch session fresh; nothing ever calls clearInterval.
  setInterval(() => {
    session.seenAt = Date.now();
    session.history[tick++ % session.history.length] = session.seenAt;
  }, 1000);
  send(res, 200, { sku, watching: true });
}

/** Leak 4: listeners on process-wide event sources, added per request and never removed. */
async function subscribe(sku: string, res: ServerResponse): Promise<void> {
  const view = { sku, theme: 'light', rendered: Buffer.alloc(16 * 1024) };
  settings.on('change', (key: string, value: string) => {
    if (key === 'theme') view.theme = value;
  });
  lifecycle.addEventListener('drain', () => {
    view.rendered = Buffer.alloc(0);
  });
  send(res, 200, { sku, theme: view.theme });
}

/** Leak 5: a retry loop whose error path never checks for cancellation (see retry.ts). */
async function reserve(sku: string, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const hold = await retry((attemptSignal) => postJson(`${UPSTREAM}/reserve?sku=${sku}`, attemptSignal), signal);
  send(res, 200, hold);
}

async function postJson(url: string, signal: AbortSignal): Promise<unknown> {
  const response = await fetch(url, { method: 'POST', signal });
  const body: unknown = await response.json();
  if (!response.ok) throw new Error(`upstream answered ${response.status}`);
  return body;
}

/** Leak 6: an unbounded fan-out. */
async function report(res: ServerResponse, signal: AbortSignal): Promise<void> {
  const skus = Array.from({ length: REPORT_ITEMS }, (_, i) => String(i));
  // One upstream call per item, all at once, for every request; and they all run to the end
  // when the client has already gone.
  const prices = await Promise.all(skus.map((sku) => price(sku)));
  if (signal.aborted) return;
  send(res, 200, { items: prices.length, total: prices.reduce((a, b) => a + b, 0) });
}

async function price(sku: string): Promise<number> {
  const response = await fetch(`${UPSTREAM}/price?sku=${sku}`);
  const body = (await response.json()) as { price: number };
  return body.price;
}

/** Not a leak: checks that the upstream answers, and passes the signal down. */
async function health(res: ServerResponse, signal: AbortSignal): Promise<void> {
  const response = await fetch(`${UPSTREAM}/price?sku=0`, { signal });
  await response.arrayBuffer();
  send(res, response.ok ? 200 : 503, { upstream: response.status });
}

/** Answers once; a response that already went out (or whose client left) is left alone. */
export function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
