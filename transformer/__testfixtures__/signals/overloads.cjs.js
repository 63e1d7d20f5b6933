"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.wrong = wrong;
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
async function wrong(path) {
    await read(path);
    await read('ok', ...leash_1.signalArgs(leash_1.signal(), 0, true));
}
