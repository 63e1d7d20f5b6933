// The options parameter is not the next one: the omitted optional parameters before it are
// passed as `undefined` (what they were), then the options: `sleep(ms)` from node:timers/promises
// (`setTimeout(delay?, value?, options?)`) becomes `sleep(ms, undefined, { signal })`.
import { setTimeout as sleep } from 'node:timers/promises';
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export async function nap() {
    await (leash_1.signal() === void 0 ? sleep(10) : sleep(10, void 0, { signal: leash_1.signal() }));
}
export async function napFor(ms, signal) {
    return leash_1.signal(signal) === void 0 ? sleep(ms, 'done') : sleep(ms, 'done', { signal: leash_1.signal(signal) });
}
