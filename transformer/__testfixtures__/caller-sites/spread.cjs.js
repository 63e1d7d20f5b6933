"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.all = all;
// expect-notes: caller-sites/spreadArgument, signals/spreadArguments
// With a spread there is no argument to carry the site: the API reports leash:mapLimit, and the plan says so.
const leash_1 = require("leash");
const leash_2 = require("leash/hooks");
leash_2.useMode("bind");
async function all(args) {
    await (0, leash_1.mapLimit)(...args);
    await (0, leash_1.mapLimit)([1], 1, leash_2.at("transformer/__testfixtures__/caller-sites/spread.ts:9:9 all", save));
}
