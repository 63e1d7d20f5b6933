"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.wait = wait;
exports.withLocal = withLocal;
exports.withParameter = withParameter;
// Locals, parameters and imports named like the globals are not the globals: nothing changes.
const promises_1 = require("node:timers/promises");
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
async function wait(ms) {
    await (0, promises_1.setTimeout)(ms, ...leash_1.signalArgs(leash_1.signal(), 1, true));
}
function withLocal() {
    const setInterval = (fn, ms) => (fn(), ms);
    return setInterval(() => undefined, 5);
}
function withParameter(setImmediate) {
    setImmediate(() => undefined);
}
