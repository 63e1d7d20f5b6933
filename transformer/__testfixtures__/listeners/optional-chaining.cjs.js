"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.wire = wire;
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
function wire(maybe, holder, make, f) {
    var _a, _b, _c;
    maybe == null ? void 0 : leash_1.addListener("transformer/__testfixtures__/listeners/optional-chaining.ts:10:10 wire", maybe, "on", 'a', f);
    (_a = holder?.emitter) == null ? void 0 : leash_1.addListener("transformer/__testfixtures__/listeners/optional-chaining.ts:11:19 wire", _a, "on", 'b', f);
    (_b = make()) == null ? void 0 : leash_1.addListener("transformer/__testfixtures__/listeners/optional-chaining.ts:12:11 wire", _b, "once", 'c', f);
    (_c = maybe?.on('d', f)) == null ? void 0 : leash_1.addListener("transformer/__testfixtures__/listeners/optional-chaining.ts:13:21 wire", _c, "on", 'e', f);
    maybe.on?.('f', f);
    const added = maybe == null ? void 0 : leash_1.removeListener("transformer/__testfixtures__/listeners/optional-chaining.ts:15:24 wire", maybe, "off", 'g', f);
    void added;
}
