"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.start = start;
// Opt-outs: a comment alone on a line covers the next line; after code, its own line.
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
function start(fn) {
    // leash-ignore
    setTimeout(fn, 1);
    setTimeout(fn, 2); // leash-ignore
    leash_1.setTimeout("transformer/__testfixtures__/timers/ignore.ts:6:3 start", fn, 3);
    const text = '// leash-ignore';
    leash_1.setTimeout("transformer/__testfixtures__/timers/ignore.ts:7:35 start", fn, 4);
    /* leash-ignore */ setTimeout(fn, text.length);
}
