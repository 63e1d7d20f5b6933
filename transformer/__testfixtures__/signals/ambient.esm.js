// No signal around: the ambient scope's signal is passed, in each of the four shapes.
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export async function sync(url, emitter) {
    await (leash_1.signal() === void 0 ? fetch(url) : fetch(url, { signal: leash_1.signal() }));
    await (leash_1.signal() === void 0 ? fetch(url, { method: 'POST' }) : fetch(url, { method: 'POST', signal: leash_1.signal() }));
    await fetch(url, leash_1.withSignal(init, leash_1.signal()));
    await fetch(url, leash_1.withSignal({ ...init, method: 'PUT' }, leash_1.signal()));
    await (leash_1.signal() === void 0 ? load('a') : load('a', leash_1.signal()));
    await (leash_1.signal() === void 0 ? once(emitter, 'ready') : once(emitter, 'ready', { signal: leash_1.signal() }));
    await (leash_1.signal() === void 0 ? sleep(10, undefined) : sleep(10, undefined, { signal: leash_1.signal() }));
}
