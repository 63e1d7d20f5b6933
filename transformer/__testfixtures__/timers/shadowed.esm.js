// Locals, parameters and imports named like the globals are not the globals: nothing changes.
import { setTimeout } from 'node:timers/promises';
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export async function wait(ms) {
    await (leash_1.signal() === void 0 ? setTimeout(ms) : setTimeout(ms, void 0, { signal: leash_1.signal() }));
}
export function withLocal() {
    const setInterval = (fn, ms) => (fn(), ms);
    return setInterval(() => undefined, 5);
}
export function withParameter(setImmediate) {
    setImmediate(() => undefined);
}
