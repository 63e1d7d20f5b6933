"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.sync = sync;
// No signal around: the ambient scope's signal is passed, in each of the four shapes.
const node_events_1 = require("node:events");
const promises_1 = require("node:timers/promises");
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
async function sync(url, emitter) {
    await (leash_1.signal() === void 0 ? fetch(url) : fetch(url, { signal: leash_1.signal() }));
    await (leash_1.signal() === void 0 ? fetch(url, { method: 'POST' }) : fetch(url, { method: 'POST', signal: leash_1.signal() }));
    await fetch(url, leash_1.withSignal(init, leash_1.signal()));
    await fetch(url, leash_1.withSignal({ ...init, method: 'PUT' }, leash_1.signal()));
    await (leash_1.signal() === void 0 ? load('a') : load('a', leash_1.signal()));
    await (leash_1.signal() === void 0 ? (0, node_events_1.once)(emitter, 'ready') : (0, node_events_1.once)(emitter, 'ready', { signal: leash_1.signal() }));
    await (leash_1.signal() === void 0 ? (0, promises_1.setTimeout)(10, undefined) : (0, promises_1.setTimeout)(10, undefined, { signal: leash_1.signal() }));
}
