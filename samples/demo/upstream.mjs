/**
 * The slow upstream the service calls: an HTTP server in the demo's own process, on 127.0.0.1.
 *
 *   GET  /quote?sku=N    answers in 10 ms, except every 4th sku (N % 4 === 3): that one it never
 *                        answers; it holds the request until the caller closes the connection.
 *   POST /reserve?sku=N  answers in 10 ms, except every 4th sku: 503, every time.
 *   GET  /price?sku=N    answers in 5 ms.
 *
 * It counts what callers leave behind: requests still waiting for an answer on a connection the
 * caller never closed (`waiting`), out of all open connections (`open`, which also counts idle
 * keep-alive connections: those are a pool, not a leak).
 */
import { createServer } from 'node:http';

export function isStalled(sku) {
  return sku % 4 === 3;
}

export async function startUpstream() {
  const sockets = new Set();
  let waiting = 0;
  let peakWaiting = 0;
  let received = 0;

  const server = createServer((req, res) => {
    received++;
    if (++waiting > peakWaiting) peakWaiting = waiting;
    res.on('close', () => waiting--);
    req.resume();
    const url = new URL(req.url ?? '/', 'http://upstream.local');
    const sku = Number(url.searchParams.get('sku') ?? 0);
    const answer = (ms, status, body) => {
      const timer = setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      }, ms);
      res.on('close', () => clearTimeout(timer));
    };
    switch (url.pathname) {
      case '/quote':
        if (isStalled(sku)) return; // never answers
        return answer(10, 200, { sku, price: 100 + (sku % 50) });
      case '/reserve':
        if (isStalled(sku)) return answer(10, 503, { error: 'reservations are down for this item' });
        return answer(10, 200, { sku, held: true });
      case '/price':
        return answer(5, 200, { sku, price: 1 + (sku % 9) });
      default:
        return answer(0, 404, { error: `no route ${url.pathname}` });
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => ({ open: sockets.size, waiting, peakWaiting, received }),
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
