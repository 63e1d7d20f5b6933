"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.cooperative = cooperative;
exports.checksWithThrow = checksWithThrow;
exports.passesItOn = passesItOn;
// expect-notes: signals/checksAbortedItself signals/checksAbortedItself
// A function that reads its signal's `.aborted` handles cancellation itself: it waits on purpose,
// then checks and goes on (cockatiel's cooperative timeout). Its waits get no signal, or the
// check-and-continue would become a throw. The function next to it, which never checks, still
// gets its signal passed down.
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
    await (0, promises_1.setTimeout)(3, void 0, { signal });
    void signal;
}
