// expect-notes: signals/gapBeforeSignal
// The options parameter is not the next one: no `undefined` is made up for the parameters between.
import { setTimeout as sleep } from 'node:timers/promises';
export async function nap() {
    await sleep(10);
}
