/**
 * The admin port, read by the demo after the load:
 * - `/stats`: what Node itself can see (active handles by type, listener counts on the
 *   process-wide event sources, memory after a GC when `--expose-gc` is on), plus leash's
 *   registry counts (all zero in a build without the leash plugin: nothing registers);
 * - `/debug/leash`: leash's report, grouped by creation site (`?format=json` for JSON).
 */
import { getEventListeners } from 'node:events';
import { createServer, type Server } from 'node:http';
import { registry } from 'leash';
import { audit, lifecycle, settings } from './bus';
import { counters } from './stats';

export function startAdmin(): Server {
  const debug = registry.createDebugHandler();
  return createServer((req, res) => {
    if (req.url?.startsWith('/debug/leash')) {
      debug(req, res);
    } else if (req.url === '/stats') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(stats()));
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('try /stats or /debug/leash\n');
    }
  });
}

function stats() {
  (globalThis as { gc?: () => void }).gc?.();
  const active: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) active[type] = (active[type] ?? 0) + 1;
  let auditListeners = 0;
  for (const name of audit.eventNames()) auditListeners += audit.listenerCount(name);
  const listeners = {
    settings: settings.listenerCount('change'),
    audit: auditListeners,
    lifecycle: getEventListeners(lifecycle, 'drain').length,
  };
  const memory = process.memoryUsage();
  const snapshot = registry.snapshot();
  return {
    timers: active['Timeout'] ?? 0,
    listeners: { ...listeners, total: listeners.settings + listeners.audit + listeners.lifecycle },
    active,
    memory: { rss: memory.rss, retained: memory.heapUsed + memory.external },
    registry: {
      live: snapshot.live,
      timers: snapshot.byKind.timeout + snapshot.byKind.interval + snapshot.byKind.immediate,
      listeners: snapshot.byKind.listener,
      tasks: snapshot.byKind.task,
    },
    counters,
  };
}
