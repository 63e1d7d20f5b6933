// Methods with listener names on types that are not EventTargets or EventEmitters: nothing changes.
// The static `EventEmitter.once(emitter, name)` is not a listener call on an emitter either (the
// signals rule still passes it a signal).
import { EventEmitter } from 'node:events';
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export async function wire(query, fake, emitter, f) {
    query.on('click', f).off('click', f);
    fake.addEventListener('x', f);
    await EventEmitter.once(emitter, 'ready', ...leash_1.signalArgs(leash_1.signal(), 0, true));
}
