// `globalThis.setTimeout` is the same global function: rewritten like the bare call.
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export function schedule(fn) {
    const handle = leash_1.setTimeout("transformer/__testfixtures__/timers/global-this.ts:3:29 schedule", fn, 10);
    leash_1.clearTimeout("transformer/__testfixtures__/timers/global-this.ts:4:14 schedule", handle);
}
