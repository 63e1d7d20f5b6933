"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.background = background;
// leash's own API is resolved by declaration and never wrapped: detach() escapes the scope on purpose.
const leash_1 = require("leash");
function background() {
    (0, leash_1.detach)(() => save('a'));
    (0, leash_1.withTimeout)(1_000, () => save('b'));
}
