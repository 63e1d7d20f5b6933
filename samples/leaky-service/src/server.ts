/**
 * leaky-service: a node:http service with one classic leak per route (routes.ts), and a scope
 * per request wired the way a user wires leash into node:http.
 *
 * Listens on 127.0.0.1 only. When ready, prints one JSON line: `{"port":…,"admin":…}`.
 * Environment: PORT and ADMIN_PORT (default 0: any free port), UPSTREAM_URL, DEADLINE_MS
 * (default 500), REPORT_ITEMS (default 100).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deadlineExceeded, Scope } from 'leash';
import { startAdmin } from './admin';
import { handle, send } from './routes';
import { counters } from './stats';

const DEADLINE_MS = Number(process.env['DEADLINE_MS'] ?? 500);
let requests = 0;

/**
 * One scope per request, like the context net/http gives each request: it ends when the
 * response is done or the client goes away (the response's 'close'), and at the deadline.
 */
function onRequest(req: IncomingMessage, res: ServerResponse): void {
  const scope = new Scope({ name: `request#${++requests}`, timeout: DEADLINE_MS });
  res.once('close', () => scope.abort());
  scope.defer(() => {
    if (scope.reason !== deadlineExceeded) return;
    counters.timedOut++;
    send(res, 504, { error: `no answer within ${DEADLINE_MS} ms` });
  });
  scope.run(() => {
    handle(req, res, scope.signal).catch((error: unknown) => {
      if (scope.aborted) return; // the request is over: the error is its cancellation
      counters.failed++;
      send(res, 500, { error: String(error) });
    });
  });
}

const server = createServer(onRequest);

server.listen(Number(process.env['PORT'] ?? 0), '127.0.0.1', () => {
  const admin = startAdmin();
  admin.listen(Number(process.env['ADMIN_PORT'] ?? 0), '127.0.0.1', () => {
    const port = (server.address() as AddressInfo).port;
    const adminPort = (admin.address() as AddressInfo).port;
    process.stdout.write(`${JSON.stringify({ port, admin: adminPort })}\n`);
  });
});
