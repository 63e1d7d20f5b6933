"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.sync = sync;
const leash_1 = require("leash/hooks");
leash_1.useMode("track");
async function sync(url) {
    await fetch(url);
    await load('a');
    leash_1.task("transformer/__testfixtures__/signals/track-mode.ts:8:3 sync", fetch(url));
    leash_1.setTimeout("transformer/__testfixtures__/signals/track-mode.ts:9:3 sync", () => undefined, 1);
}
