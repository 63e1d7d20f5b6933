/**
 * The load: a fixed list of requests, the same for every build, sent over `concurrency`
 * keep-alive connections to 127.0.0.1. Every 20th request is a `/report` (each one fans out to
 * many upstream calls); the others take the five other routes in turn, with sku 0, 0, 0, 0, 0,
 * 1, 1, …. Every `cancelEvery`-th request is cancelled by the client after `cancelAfterMs` (its
 * socket is destroyed, as a browser does when the user navigates away). Bounded in count and in
 * time: after `timeLimitMs` no new request starts, and every request gives up after
 * `requestTimeoutMs`.
 */
import { Agent, request } from 'node:http';

export const ROUTES = ['/checkout', '/quote', '/watch', '/subscribe', '/reserve'];
export const REPORT_EVERY = 20;

/** The path of request `i`. */
export function pathOf(i) {
  if (i % REPORT_EVERY === REPORT_EVERY - 1) return '/report';
  const j = i - Math.floor((i + 1) / REPORT_EVERY);
  return `${ROUTES[j % ROUTES.length]}?sku=${Math.floor(j / ROUTES.length)}`;
}

export async function drive({ port, requests, concurrency = 32, cancelEvery = 5, cancelAfterMs = 50, timeLimitMs = 20_000, requestTimeoutMs = 5_000 }) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = [];
  const statuses = {};
  let cancelled = 0;
  let failed = 0;
  let next = 0;
  const started = performance.now();
  const stopAt = started + timeLimitMs;

  const one = (i) =>
    new Promise((resolve) => {
      const path = pathOf(i);
      const begin = performance.now();
      let settled = false;
      const done = (outcome, status) => {
        if (settled) return;
        settled = true;
        clearTimeout(cancelTimer);
        clearTimeout(giveUpTimer);
        if (outcome === 'answered') {
          latencies.push(performance.now() - begin);
          statuses[status] = (statuses[status] ?? 0) + 1;
        } else if (outcome === 'cancelled') {
          cancelled++;
        } else {
          failed++;
        }
        resolve();
      };
      const req = request({ host: '127.0.0.1', port, path, agent }, (res) => {
        res.resume();
        res.on('end', () => done('answered', res.statusCode));
        res.on('error', () => done('failed'));
      });
      req.on('error', () => done('failed'));
      req.end();
      const cancelTimer = i % cancelEvery === cancelEvery - 1 ? setTimeout(() => { done('cancelled'); req.destroy(); }, cancelAfterMs) : undefined;
      const giveUpTimer = setTimeout(() => { done('failed'); req.destroy(); }, requestTimeoutMs);
    });

  const worker = async () => {
    while (next < requests && performance.now() < stopAt) await one(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const pct = (p) => (latencies.length === 0 ? NaN : latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]);
  return {
    sent: next,
    answered: latencies.length,
    cancelled,
    failed,
    statuses,
    seconds,
    rps: next / seconds,
    p50: pct(50),
    p99: pct(99),
  };
}
