// `global.setTimeout(...)` (or `window.`, `self.`) calls whatever that object holds, on it — a test
// may stub it — so the object is kept: `setTimeoutOn(site, global, ...)`.
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export function schedule(fn) {
    const handle = leash_1.setTimeoutOn("transformer/__testfixtures__/timers/other-global-object.ts:4:25 schedule", global, fn, 10);
    leash_1.clearTimeoutOn("transformer/__testfixtures__/timers/other-global-object.ts:5:10 schedule", global, handle);
    const tick = leash_1.setIntervalOn("transformer/__testfixtures__/timers/other-global-object.ts:6:23 schedule", global, fn, 10);
    leash_1.clearIntervalOn("transformer/__testfixtures__/timers/other-global-object.ts:7:10 schedule", global, tick);
    leash_1.clearImmediateOn("transformer/__testfixtures__/timers/other-global-object.ts:8:10 schedule", global, undefined);
}
