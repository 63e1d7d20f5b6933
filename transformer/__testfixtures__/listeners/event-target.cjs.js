"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Bus = void 0;
exports.wire = wire;
// EventTarget receivers, AbortSignal included, decided by the checker.
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
class Bus extends EventTarget {
}
exports.Bus = Bus;
function wire(bus, controller, onAbort) {
    const handler = (event) => void event;
    leash_1.addEventListener("transformer/__testfixtures__/listeners/event-target.ts:6:7 wire", bus, 'message', handler);
    leash_1.addEventListener("transformer/__testfixtures__/listeners/event-target.ts:7:21 wire", controller.signal, 'abort', onAbort, { once: true });
    leash_1.addEventListener("transformer/__testfixtures__/listeners/event-target.ts:8:21 wire", new EventTarget(), 'x', handler, true);
    return () => leash_1.removeEventListener("transformer/__testfixtures__/listeners/event-target.ts:9:20 wire", bus, 'message', handler);
}
