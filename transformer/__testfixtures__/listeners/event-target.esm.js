// EventTarget receivers, AbortSignal included, decided by the checker.
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export class Bus extends EventTarget {
}
export function wire(bus, controller, onAbort) {
    const handler = (event) => void event;
    leash_1.addEventListener("transformer/__testfixtures__/listeners/event-target.ts:6:7 wire", bus, 'message', handler);
    leash_1.addEventListener("transformer/__testfixtures__/listeners/event-target.ts:7:21 wire", controller.signal, 'abort', onAbort, { once: true });
    leash_1.addEventListener("transformer/__testfixtures__/listeners/event-target.ts:8:21 wire", new EventTarget(), 'x', handler, true);
    return () => leash_1.removeEventListener("transformer/__testfixtures__/listeners/event-target.ts:9:20 wire", bus, 'message', handler);
}
