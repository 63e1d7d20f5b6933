"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Heartbeat = exports.later = void 0;
exports.poll = poll;
// Global timers and their clears, in the places a service starts them.
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
function poll(fn) {
    const handle = leash_1.setInterval("transformer/__testfixtures__/timers/basic.ts:3:18 poll", fn, 1_000);
    leash_1.setTimeout("transformer/__testfixtures__/timers/basic.ts:4:3 poll", (reason, code) => leash_1.clearInterval("transformer/__testfixtures__/timers/basic.ts:4:48 poll", handle), 60_000, 'expired', 42);
    return handle;
}
const later = (fn) => leash_1.setImmediate("transformer/__testfixtures__/timers/basic.ts:8:42 later", fn);
exports.later = later;
class Heartbeat {
    timer = leash_1.detach(() => leash_1.setInterval("transformer/__testfixtures__/timers/basic.ts:11:11 Heartbeat.timer", () => this.beat(), 5_000));
    beat() {
        const once = leash_1.setTimeout("transformer/__testfixtures__/timers/basic.ts:14:18 Heartbeat.beat", () => undefined);
        leash_1.clearTimeout("transformer/__testfixtures__/timers/basic.ts:15:5 Heartbeat.beat", once);
        leash_1.clearImmediate("transformer/__testfixtures__/timers/basic.ts:16:5 Heartbeat.beat", leash_1.setImmediate("transformer/__testfixtures__/timers/basic.ts:16:20 Heartbeat.beat", () => undefined));
    }
    stop() {
        leash_1.clearInterval("transformer/__testfixtures__/timers/basic.ts:20:5 Heartbeat.stop", this.timer);
    }
}
exports.Heartbeat = Heartbeat;
