"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.warmup = void 0;
exports.fireAndKeep = fireAndKeep;
exports.read = read;
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
function fireAndKeep() {
    const pending = leash_1.spawnShared("transformer/__testfixtures__/tasks/unread.ts:7:19 fireAndKeep", /* istanbul ignore next */ () => save('a'));
    let again = (leash_1.spawnShared("transformer/__testfixtures__/tasks/unread.ts:8:16 fireAndKeep", /* istanbul ignore next */ () => save('b')));
}
async function read() {
    const pending = save('c');
    await pending;
    const later = save('d');
    leash_1.setTimeout("transformer/__testfixtures__/tasks/unread.ts:15:3 read", () => later.catch(() => { }), 0);
}
exports.warmup = save('e');
