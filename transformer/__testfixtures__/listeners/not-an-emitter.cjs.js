"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.wire = wire;
// Methods with listener names on types that are not EventTargets or EventEmitters: nothing changes.
// The static `EventEmitter.once(emitter, name)` is not a listener call on an emitter either (the
// signals rule still passes it a signal).
const node_events_1 = require("node:events");
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
async function wire(query, fake, emitter, f) {
    query.on('click', f).off('click', f);
    fake.addEventListener('x', f);
    await node_events_1.EventEmitter.once(emitter, 'ready', ...leash_1.signalArgs(leash_1.signal(), 0, true));
}
