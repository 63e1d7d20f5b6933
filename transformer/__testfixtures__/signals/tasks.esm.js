// A detached call that also takes a signal: both rewrites, the signal inside the task.
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export function ping(url, signal) {
    leash_1.spawn("transformer/__testfixtures__/signals/tasks.ts:3:3 ping", /* istanbul ignore next */ () => fetch(url, ...leash_1.signalArgs(leash_1.signal(signal), 0, true)));
    leash_1.spawn("transformer/__testfixtures__/signals/tasks.ts:4:34 ping", /* istanbul ignore next */ leash_f1 => fetch(url, { method: 'HEAD', ...leash_1.signalProperty(leash_1.signal(signal)) }).catch(leash_f1), void 0, [() => undefined]);
}
