"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.schedule = schedule;
// `globalThis.setTimeout` is the same global function: rewritten like the bare call.
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
function schedule(fn) {
    const handle = leash_1.setTimeout("transformer/__testfixtures__/timers/global-this.ts:3:29 schedule", fn, 10);
    leash_1.clearTimeout("transformer/__testfixtures__/timers/global-this.ts:4:14 schedule", handle);
}
