// The options parameter is not the next one: the omitted optional parameters before it are
// passed as `undefined` (what they were), then the options: `sleep(ms)` from node:timers/promises
// (`setTimeout(delay?, value?, options?)`) becomes `sleep(ms, undefined, { signal })`.
import { setTimeout as sleep } from 'node:timers/promises';
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export async function nap() {
    await sleep(10, ...leash_1.signalArgs(leash_1.signal(), 1, true));
}
export async function napFor(ms, signal) {
    return sleep(ms, 'done', ...leash_1.signalArgs(leash_1.signal(signal), 0, true));
}
