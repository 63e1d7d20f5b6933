"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.nap = nap;
// expect-notes: signals/gapBeforeSignal
// The options parameter is not the next one: no `undefined` is made up for the parameters between.
const promises_1 = require("node:timers/promises");
async function nap() {
    await (0, promises_1.setTimeout)(10);
}
