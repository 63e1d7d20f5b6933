// No signal around: the ambient scope's signal is passed, in each of the four shapes.
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export async function sync(url, emitter) {
    await fetch(url, ...leash_1.signalArgs(leash_1.signal(), 0, true));
    await fetch(url, { method: 'POST', ...leash_1.signalProperty(leash_1.signal()) });
    await fetch(url, leash_1.withSignal(init, leash_1.signal()));
    await fetch(url, leash_1.withSignal({ ...init, method: 'PUT' }, leash_1.signal()));
    await load('a', ...leash_1.signalArgs(leash_1.signal(), 0, false));
    await once(emitter, 'ready', ...leash_1.signalArgs(leash_1.signal(), 0, true));
    await sleep(10, undefined, ...leash_1.signalArgs(leash_1.signal(), 0, true));
}
