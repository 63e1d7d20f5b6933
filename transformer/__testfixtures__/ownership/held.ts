// expect-notes: signals/heldOutsideScope signals/heldOutsideScope signals/heldOutsideScope signals/heldOutsideScope
// A resource belongs to whoever holds it: what a call stores where it outlives the call is not
// the calling scope's. Held calls into the program's own code that may start something, and held
// timers, listeners and tasks, run in the root scope (`leash.detach`); no held call gets the scope's signal.
import { EventEmitter } from 'node:events';

declare function fetchConfig(url: string, init?: { signal?: AbortSignal }): Promise<string>;

class Connection extends EventEmitter {
  constructor(readonly url: string) {
    super();
  }
}

// Starts something leash binds (a keep-alive): a held call to it runs in the root scope.
async function connect(url: string, signal?: AbortSignal): Promise<Connection> {
  const connection = new Connection(url);
  setInterval(() => connection.emit('ping'), 30_000).unref();
  return connection;
}

// Memoized async init: the first request must not own everyone's connection.
let connection: Promise<Connection> | undefined;
export function getConnection(): Promise<Connection> {
  return (connection ??= connect('db://'));
}

// Request coalescing through a local: the shared load belongs to the map.
const inflight = new Map<string, Promise<string>>();
export function load(key: string): Promise<string> {
  let pending = inflight.get(key);
  if (!pending) {
    pending = fetchConfig(key).finally(() => inflight.delete(key));
    inflight.set(key, pending);
  }
  return pending;
}

// Lazy singleton: built on first use, then its error listener and keep-alive finish building it.
// `new Connection` runs code of this file that starts nothing (its base class is a library's):
// it stays as written, with no detach (util/inert.ts).
let pool: Connection | undefined;
export function getPool(): Connection {
  if (!pool) {
    pool = new Connection('pool://');
    pool.on('error', () => undefined);
    setInterval(() => pool?.emit('ping'), 1_000).unref();
  }
  return pool;
}

// State on a long-lived object: the sweeper belongs to the cache.
export class Cache {
  private sweeper?: ReturnType<typeof setInterval>;
  private entries = new Map<string, string>();
  private config?: string;

  get(key: string): string | undefined {
    this.sweeper ??= setInterval(() => this.entries.clear(), 60_000);
    return this.entries.get(key);
  }

  async refresh(): Promise<void> {
    this.config = await fetchConfig('/config');
  }
}

// A closure kept by the returned function holds its map; an inline callback does not.
export function makeLoader(): (key: string) => Promise<Connection> {
  const cache = new Map<string, Promise<Connection>>();
  return (key) => {
    let found = cache.get(key);
    if (found === undefined) cache.set(key, (found = connect(key)));
    return found;
  };
}

// Controls: kept in locals, not stored anywhere older than the call: the scope's.
export async function perRequest(bus: EventEmitter, url: string): Promise<string[]> {
  bus.on('tick', () => undefined);
  const ticker = setInterval(() => undefined, 1_000);
  const local = new Map<string, Promise<string>>();
  local.set(url, fetchConfig(url));
  const results: string[] = [];
  await Promise.all([url].map(async (u) => results.push(await fetchConfig(u))));
  void ticker;
  return [...(await Promise.all(local.values())), ...results];
}
