"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.watch = watch;
// addEventListener never gets a `{ signal }` option (the listeners rule binds it instead).
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
function watch(signal, target, f) {
    leash_1.addEventListener("transformer/__testfixtures__/signals/listener-options.ts:3:10 watch", signal, 'abort', f);
    leash_1.addEventListener("transformer/__testfixtures__/signals/listener-options.ts:4:10 watch", target, 'x', f, { once: true });
    leash_1.removeEventListener("transformer/__testfixtures__/signals/listener-options.ts:5:10 watch", target, 'x', f);
}
