"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.ping = ping;
// A detached call that also takes a signal: both rewrites, the signal inside the task.
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
function ping(url, signal) {
    leash_1.spawn("transformer/__testfixtures__/signals/tasks.ts:3:3 ping", () => leash_1.signal(signal) === void 0 ? fetch(url) : fetch(url, { signal: leash_1.signal(signal) }));
    leash_1.spawn("transformer/__testfixtures__/signals/tasks.ts:4:34 ping", () => (leash_1.signal(signal) === void 0 ? fetch(url, { method: 'HEAD' }) : fetch(url, { method: 'HEAD', signal: leash_1.signal(signal) })).catch(() => undefined));
}
