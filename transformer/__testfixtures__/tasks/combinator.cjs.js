"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.raced = raced;
exports.firstOf = firstOf;
exports.untouched = untouched;
exports.shadowed = shadowed;
exports.memoized = memoized;
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
