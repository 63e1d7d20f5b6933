// Whose promise a detached call returns (util/own-promise.ts). A promise the call made for its
// caller alone becomes `leash.spawn(...)`: its rejection nobody else can handle is re-raised as
// unhandled. A promise the callee may hold too becomes `leash.spawnShared(...)`: registered the
// same, its rejection left to that holder, which may handle it (TanStack Query's retryer returns
// its own `promise`, on which it called `.catch(noop)`, from `continue()`).
import { readFile } from 'node:fs/promises';
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
async function load() {
    return 'x';
}
function sleep(ms) {
    return new Promise((resolve) => leash_1.setTimeout("transformer/__testfixtures__/tasks/shared.ts:19:35 sleep", resolve, ms));
}
function later() {
    return sleep(1).then(() => load());
}
function either(fast) {
    return fast ? load() : sleep(1);
}
async function overloaded(_a) { }
const arrow = async () => { };
function recursive() {
    return recursive();
}
// Followed four calls deep from the call, whichever call asked first: `wrap3()` below is proved
// (and remembered) before `wrap4()`, one call deeper, is asked about.
function wrap1() {
    return sleep(1);
}
function wrap2() {
    return wrap1();
}
function wrap3() {
    return wrap2();
}
function wrap4() {
    return wrap3();
}
class Cache {
    #pending;
    get() {
        return (this.#pending ??= load());
    }
    refresh() {
        const next = load();
        this.#pending = next;
        return next;
    }
    async run() { }
}
export function own(cache) {
    leash_1.spawn("transformer/__testfixtures__/tasks/shared.ts:63:3 own", /* istanbul ignore next */ () => load());
    leash_1.spawn("transformer/__testfixtures__/tasks/shared.ts:64:3 own", /* istanbul ignore next */ () => sleep(1));
    leash_1.spawn("transformer/__testfixtures__/tasks/shared.ts:65:3 own", /* istanbul ignore next */ () => later());
    leash_1.spawn("transformer/__testfixtures__/tasks/shared.ts:66:3 own", /* istanbul ignore next */ () => either(true));
    leash_1.spawn("transformer/__testfixtures__/tasks/shared.ts:67:3 own", /* istanbul ignore next */ () => overloaded('a'));
    leash_1.spawn("transformer/__testfixtures__/tasks/shared.ts:68:3 own", /* istanbul ignore next */ () => arrow());
    leash_1.spawn("transformer/__testfixtures__/tasks/shared.ts:69:9 own", /* istanbul ignore next */ () => cache.run());
    leash_1.spawn("transformer/__testfixtures__/tasks/shared.ts:70:3 own", /* istanbul ignore next */ () => readFile('x', ...leash_1.signalArgs(leash_1.signal(), 0, true)));
    leash_1.spawn("transformer/__testfixtures__/tasks/shared.ts:71:11 own", /* istanbul ignore next */ () => Promise.allSettled([load()]));
    leash_1.spawn("transformer/__testfixtures__/tasks/shared.ts:72:11 own", /* istanbul ignore next */ () => Promise.resolve());
    leash_1.spawn("transformer/__testfixtures__/tasks/shared.ts:73:15 own", /* istanbul ignore next */ leash_f1 => cache.get().finally(leash_f1), void 0, [() => { }]);
    leash_1.spawn("transformer/__testfixtures__/tasks/shared.ts:74:3 own", /* istanbul ignore next */ () => wrap3());
}
export function shared(cache, callback, pending, held) {
    leash_1.spawnShared("transformer/__testfixtures__/tasks/shared.ts:78:11 shared", /* istanbul ignore next */ () => retryer.continue());
    leash_1.spawnShared("transformer/__testfixtures__/tasks/shared.ts:79:3 shared", /* istanbul ignore next */ () => external());
    leash_1.spawnShared("transformer/__testfixtures__/tasks/shared.ts:80:3 shared", /* istanbul ignore next */ () => callback());
    leash_1.spawnShared("transformer/__testfixtures__/tasks/shared.ts:81:9 shared", /* istanbul ignore next */ () => cache.get());
    leash_1.spawnShared("transformer/__testfixtures__/tasks/shared.ts:82:9 shared", /* istanbul ignore next */ () => cache.refresh());
    leash_1.spawnShared("transformer/__testfixtures__/tasks/shared.ts:83:3 shared", /* istanbul ignore next */ () => recursive());
    leash_1.spawnShared("transformer/__testfixtures__/tasks/shared.ts:84:11 shared", /* istanbul ignore next */ () => Promise.resolve(held));
    leash_1.spawnShared("transformer/__testfixtures__/tasks/shared.ts:85:11 shared", /* istanbul ignore next */ () => pending.shift());
    leash_1.spawnShared("transformer/__testfixtures__/tasks/shared.ts:86:11 shared", /* istanbul ignore next */ leash_f1 => pending.reduce(leash_f1, held), void 0, [(chain) => chain]);
    leash_1.spawnShared("transformer/__testfixtures__/tasks/shared.ts:87:3 shared", /* istanbul ignore next */ () => wrap4());
}
