// Locals, parameters and imports named like the globals are not the globals: nothing changes.
import { setTimeout } from 'node:timers/promises';
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export async function wait(ms) {
    await setTimeout(ms, ...leash_1.signalArgs(leash_1.signal(), 1, true));
}
export function withLocal() {
    const setInterval = (fn, ms) => (fn(), ms);
    return setInterval(() => undefined, 5);
}
export function withParameter(setImmediate) {
    setImmediate(() => undefined);
}
