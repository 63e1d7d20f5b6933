import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
/// <reference lib="dom" />
export function schedule(fn) {
    const handle = leash_1.setTimeoutOn("transformer/__testfixtures__/timers/window.ts:7:25 schedule", window, fn, 10);
    leash_1.clearTimeoutOn("transformer/__testfixtures__/timers/window.ts:8:10 schedule", window, handle);
    leash_1.setIntervalOn("transformer/__testfixtures__/timers/window.ts:9:8 schedule", self, fn, 10);
    leash_1.setTimeout("transformer/__testfixtures__/timers/window.ts:10:3 schedule", fn, 10);
    // Another object's method of the same name is not a timer.
    jest.setTimeout(5000);
}
