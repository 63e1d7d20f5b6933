"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.background = background;
// leash's own API is resolved by declaration and never wrapped: detach() escapes the scope on purpose.
const leash_1 = require("leash");
const leash_2 = require("leash/hooks");
leash_2.useMode("bind");
function background() {
    (0, leash_1.detach)(() => save('a'));
    (0, leash_1.withTimeout)(1_000, leash_2.at("transformer/__testfixtures__/tasks/runtime-api.ts:8:3 background", () => save('b')));
}
