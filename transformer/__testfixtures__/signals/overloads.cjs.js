"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.wrong = wrong;
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
async function wrong(path) {
    await read(path);
    await (leash_1.signal() === void 0 ? read('ok') : read('ok', { signal: leash_1.signal() }));
}
