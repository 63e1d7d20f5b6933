"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.load = void 0;
// fixture-config: {"mode":"track"}
// Naming the caller changes no behaviour, so track mode passes the site too.
const leash_1 = require("leash");
const leash_2 = require("leash/hooks");
leash_2.useMode("track");
const load = (url) => (0, leash_1.withTimeout)(500, leash_2.at("transformer/__testfixtures__/caller-sites/track-mode.ts:5:57 load", (scope) => fetch(url, { signal: scope.signal })));
exports.load = load;
