"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Cache = void 0;
exports.getConnection = getConnection;
exports.load = load;
exports.getPool = getPool;
exports.makeLoader = makeLoader;
exports.perRequest = perRequest;
// expect-notes: signals/heldOutsideScope signals/heldOutsideScope signals/heldOutsideScope signals/heldOutsideScope
// A resource belongs to whoever holds it: what a call stores where it outlives the call is not
// the calling scope's. Held calls into the program's own code that may start something, and held
// timers, listeners and tasks, run in the root scope (`leash.detach`); no held call gets the scope's signal.
const node_events_1 = require("node:events");
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
class Connection extends node_events_1.EventEmitter {
    url;
    constructor(url) {
        super();
        this.url = url;
    }
}
// Starts something leash binds (a keep-alive): a held call to it runs in the root scope.
async function connect(url, signal) {
    const connection = new Connection(url);
    leash_1.setInterval("transformer/__testfixtures__/ownership/held.ts:18:3 connect", () => connection.emit('ping'), 30_000).unref();
    return connection;
}
// Memoized async init: the first request must not own everyone's connection.
let connection;
function getConnection() {
    return (connection ??= leash_1.detach(/* istanbul ignore next */ () => connect('db://')));
}
// Request coalescing through a local: the shared load belongs to the map.
const inflight = new Map();
function load(key) {
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
let pool;
function getPool() {
    if (!pool) {
        pool = new Connection('pool://');
        leash_1.detach(() => leash_1.addListener("transformer/__testfixtures__/ownership/held.ts:46:10 getPool", pool, "on", 'error', () => undefined));
        leash_1.detach(() => leash_1.setInterval("transformer/__testfixtures__/ownership/held.ts:47:5 getPool", () => pool?.emit('ping'), 1_000)).unref();
    }
    return pool;
}
// State on a long-lived object: the sweeper belongs to the cache.
class Cache {
    sweeper;
    entries = new Map();
    config;
    get(key) {
        this.sweeper ??= leash_1.detach(() => leash_1.setInterval("transformer/__testfixtures__/ownership/held.ts:59:22 Cache.get", () => this.entries.clear(), 60_000));
        return this.entries.get(key);
    }
    async refresh() {
        this.config = await fetchConfig('/config');
    }
}
exports.Cache = Cache;
// A closure kept by the returned function holds its map; an inline callback does not.
function makeLoader() {
    const cache = new Map();
    return (key) => {
        let found = cache.get(key);
        if (found === undefined)
            cache.set(key, (found = leash_1.detach(/* istanbul ignore next */ () => connect(key))));
        return found;
    };
}
// Controls: kept in locals, not stored anywhere older than the call: the scope's.
async function perRequest(bus, url) {
    leash_1.addListener("transformer/__testfixtures__/ownership/held.ts:80:7 perRequest", bus, "on", 'tick', () => undefined);
    const ticker = leash_1.setInterval("transformer/__testfixtures__/ownership/held.ts:81:18 perRequest", () => undefined, 1_000);
    const local = new Map();
    local.set(url, fetchConfig(url, ...leash_1.signalArgs(leash_1.signal(), 0, true)));
    const results = [];
    await Promise.all(leash_1.observeAll("transformer/__testfixtures__/ownership/held.ts:85:17 perRequest", [url].map(async (u) => results.push(await fetchConfig(u, ...leash_1.signalArgs(leash_1.signal(), 0, true))))));
    void ticker;
    return [...(await Promise.all(local.values())), ...results];
}
