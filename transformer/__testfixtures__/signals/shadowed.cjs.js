"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.shadowed = shadowed;
// expect-notes: signals/explicitSignal
// A signal parameter shadowed by an inner binding of the same name is not used: ambient instead.
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
async function shadowed(url, signal) {
    {
        const signal = 'not a signal';
        await fetch(url + signal, ...leash_1.signalArgs(leash_1.signal(), 0, true));
    }
    await fetch(url, { signal });
}
