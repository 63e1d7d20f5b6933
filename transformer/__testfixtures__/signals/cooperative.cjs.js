"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.cooperative = cooperative;
exports.checksWithThrow = checksWithThrow;
exports.passesItOn = passesItOn;
exports.usesTheValue = usesTheValue;
// expect-notes: signals/checksAbortedItself signals/checksAbortedItself
// A function that reads its signal's `.aborted` handles cancellation itself: `await sleep(3);`
// there is a wait on purpose before the check (cockatiel's cooperative timeout), so it gets no
// signal, or the check-and-continue would become a throw. A function that never checks, and a
// call whose value is used, still get the signal passed down.
const promises_1 = require("node:timers/promises");
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
async function cooperative({ signal }) {
    await (0, promises_1.setTimeout)(3);
    return signal.aborted ? 0 : 42;
}
async function checksWithThrow(signal) {
    signal.throwIfAborted();
    await (0, promises_1.setTimeout)(3);
}
async function passesItOn({ signal }) {
    await (0, promises_1.setTimeout)(3, ...leash_1.signalArgs(leash_1.signal(signal), 1, true));
    void signal;
}
// Checks after a call whose value it uses: nothing waits on purpose, so the call gets the signal.
async function usesTheValue({ signal }) {
    const value = await (0, promises_1.setTimeout)(3, 'v', ...leash_1.signalArgs(leash_1.signal(signal), 0, true));
    if (signal.aborted)
        return undefined;
    return value;
}
