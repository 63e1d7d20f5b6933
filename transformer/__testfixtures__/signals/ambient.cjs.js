"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.sync = sync;
// No signal around: the ambient scope's signal is passed, in each of the four shapes.
const node_events_1 = require("node:events");
const promises_1 = require("node:timers/promises");
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
async function sync(url, emitter) {
    await fetch(url, ...leash_1.signalArgs(leash_1.signal(), 0, true));
    await fetch(url, { method: 'POST', ...leash_1.signalProperty(leash_1.signal()) });
    await fetch(url, leash_1.withSignal(init, leash_1.signal()));
    await fetch(url, leash_1.withSignal({ ...init, method: 'PUT' }, leash_1.signal()));
    await load('a', ...leash_1.signalArgs(leash_1.signal(), 0, false));
    await (0, node_events_1.once)(emitter, 'ready', ...leash_1.signalArgs(leash_1.signal(), 0, true));
    await (0, promises_1.setTimeout)(10, undefined, ...leash_1.signalArgs(leash_1.signal(), 0, true));
}
