"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.nap = nap;
exports.napFor = napFor;
// The options parameter is not the next one: the omitted optional parameters before it are
// passed as `undefined` (what they were), then the options: `sleep(ms)` from node:timers/promises
// (`setTimeout(delay?, value?, options?)`) becomes `sleep(ms, undefined, { signal })`.
const promises_1 = require("node:timers/promises");
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
async function nap() {
    await (0, promises_1.setTimeout)(10, ...leash_1.signalArgs(leash_1.signal(), 1, true));
}
async function napFor(ms, signal) {
    return (0, promises_1.setTimeout)(ms, 'done', ...leash_1.signalArgs(leash_1.signal(signal), 0, true));
}
