// expect-notes: signals/checksAbortedItself signals/checksAbortedItself
// A function that reads its signal's `.aborted` handles cancellation itself: `await sleep(3);`
// there is a wait on purpose before the check (cockatiel's cooperative timeout), so it gets no
// signal, or the check-and-continue would become a throw. A function that never checks, and a
// call whose value is used, still get the signal passed down.
import { setTimeout as sleep } from 'node:timers/promises';
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export async function cooperative({ signal }) {
    await sleep(3);
    return signal.aborted ? 0 : 42;
}
export async function checksWithThrow(signal) {
    signal.throwIfAborted();
    await sleep(3);
}
export async function passesItOn({ signal }) {
    await sleep(3, ...leash_1.signalArgs(leash_1.signal(signal), 1, true));
    void signal;
}
// Checks after a call whose value it uses: nothing waits on purpose, so the call gets the signal.
export async function usesTheValue({ signal }) {
    const value = await sleep(3, 'v', ...leash_1.signalArgs(leash_1.signal(signal), 0, true));
    if (signal.aborted)
        return undefined;
    return value;
}
