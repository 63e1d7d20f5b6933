"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.local = exports.handlers = exports.Worker = exports.sync = void 0;
// expect-notes: signals/explicitSignal
// leash's own API gets its caller's site with the argument it reads it from, matched by declaration
// (an alias, a namespace import and a TaskGroup method count; a local function of the same name does not).
const leash_1 = require("leash");
const leash = __importStar(require("leash"));
const leash_2 = require("leash/hooks");
leash_2.useMode("bind");
const sync = async (items) => {
    await (0, leash_1.mapLimit)(items, 4, leash_2.at("transformer/__testfixtures__/caller-sites/api.ts:11:9 sync", (item) => save(item)));
    await (0, leash_1.mapSettledLimit)(items, 2, leash_2.at("transformer/__testfixtures__/caller-sites/api.ts:12:9 sync", async (item) => save(item)), {});
    await leash.mapLimit(items, 1, leash_2.at("transformer/__testfixtures__/caller-sites/api.ts:13:15 sync", save));
};
exports.sync = sync;
app.get('/report', async () => {
    await (0, leash_1.withTimeout)(1_000, leash_2.at("transformer/__testfixtures__/caller-sites/api.ts:17:9 handler in app.get('/report')", (scope) => (0, leash_1.sleep)(leash_2.at("transformer/__testfixtures__/caller-sites/api.ts:17:34 handler in app.get('/report')", 10), { signal: scope.signal })));
    await (0, leash_1.withDeadline)(Date.now() + 1_000, leash_2.at("transformer/__testfixtures__/caller-sites/api.ts:18:9 handler in app.get('/report')", () => save(1)));
    await (0, leash_1.withCancel)(leash_2.at("transformer/__testfixtures__/caller-sites/api.ts:19:9 handler in app.get('/report')", async () => save(2)));
});
class Worker {
    run = async () => {
        const group = new leash_1.TaskGroup({ limit: 2 });
        group.go(leash_2.at("transformer/__testfixtures__/caller-sites/api.ts:25:11 Worker.run", () => save(3)));
        group.tryGo(leash_2.at("transformer/__testfixtures__/caller-sites/api.ts:26:11 Worker.run", async () => save(4)));
        await group.wait();
    };
}
exports.Worker = Worker;
exports.handlers = {
    onTick: async () => {
        await (0, leash_1.sleep)(leash_2.at("transformer/__testfixtures__/caller-sites/api.ts:33:11 onTick", 5));
        await (0, leash_1.limit)(2)(() => save(5)); // limit registers nothing itself: no site
    },
};
function mapLimitLocal(items, n, fn) {
    items.slice(0, n).forEach(fn);
}
const local = () => mapLimitLocal([1], 1, () => undefined);
exports.local = local;
