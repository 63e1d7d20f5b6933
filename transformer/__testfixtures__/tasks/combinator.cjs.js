"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.raced = raced;
exports.firstOf = firstOf;
exports.untouched = untouched;
exports.shadowed = shadowed;
exports.memoized = memoized;
exports.abortable = abortable;
exports.handMadeOnly = handMadeOnly;
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
async function raced(id) {
    return Promise.race(leash_1.observeAll("transformer/__testfixtures__/tasks/combinator.ts:11:18 raced", [load(id), timeout(1_000)]));
}
async function firstOf(ids) {
    const all = await Promise.all(leash_1.observeAll("transformer/__testfixtures__/tasks/combinator.ts:15:29 firstOf", ids.map((id) => load(id))));
    const pending = [load('a')];
    pending.push(load('b'));
    await Promise.all(leash_1.observeAll("transformer/__testfixtures__/tasks/combinator.ts:18:17 firstOf", pending));
    return Promise.any(leash_1.observeAll("transformer/__testfixtures__/tasks/combinator.ts:19:18 firstOf", [load('c'), load('d')])).then((value) => value + all.length);
}
async function untouched(ids, given) {
    await Promise.allSettled([load('e')]);
    await Promise.race(ids);
    await Promise.all(given);
}
function shadowed() {
    const Promise = { race: (values) => values[0] };
    return Promise.race([load('f')]);
}
let fastest;
function memoized() {
    return (fastest ??= Promise.race([load('g'), load('h')]));
}
// A promise made by hand (`new Promise`, or a `const` holding one) is settled by whoever holds
// its `resolve`: no work the race started. Its bit in the third argument leaves it unobserved;
// a race of nothing else is left alone. Redux Toolkit's `createAsyncThunk` races the work
// against one that rejects only on abort, and removes the abort listener after the race.
async function abortable(signal) {
    let onAbort = () => { };
    const aborted = new Promise((_, reject) => {
        onAbort = () => reject(signal.reason);
        leash_1.addEventListener("transformer/__testfixtures__/tasks/combinator.ts:46:12 abortable", signal, 'abort', onAbort, { once: true });
    });
    try {
        return await Promise.race(leash_1.observeAll("transformer/__testfixtures__/tasks/combinator.ts:49:26 abortable", [aborted, load('i'), new Promise((resolve) => leash_1.setTimeout("transformer/__testfixtures__/tasks/combinator.ts:49:85 abortable", resolve, 10, 'late'))], 5));
    }
    finally {
        leash_1.removeEventListener("transformer/__testfixtures__/tasks/combinator.ts:51:12 abortable", signal, 'abort', onAbort);
    }
}
async function handMadeOnly() {
    let release = () => { };
    const released = new Promise((resolve) => (release = resolve));
    leash_1.setTimeout("transformer/__testfixtures__/tasks/combinator.ts:58:3 handMadeOnly", release, 10);
    await Promise.race([released, new Promise((resolve) => leash_1.setTimeout("transformer/__testfixtures__/tasks/combinator.ts:59:64 handMadeOnly", resolve, 20))]);
}
