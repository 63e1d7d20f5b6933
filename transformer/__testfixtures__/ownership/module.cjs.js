"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Service = exports.bus = exports.config = void 0;
// expect-notes: signals/heldOutsideScope signals/heldOutsideScope
// Top-level code, static blocks and constructors build what the module or the object holds,
// even when the module is first imported (`await import(...)`) inside a request.
const node_events_1 = require("node:events");
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
function startSweeper() {
    leash_1.setInterval("transformer/__testfixtures__/ownership/module.ts:9:3 startSweeper", () => undefined, 60_000).unref();
}
leash_1.detach(/* istanbul ignore next */ () => startSweeper());
exports.config = fetchConfig('/config');
exports.bus = new node_events_1.EventEmitter();
leash_1.detach(() => leash_1.addListener("transformer/__testfixtures__/ownership/module.ts:15:5", exports.bus, "on", 'error', () => undefined));
class Service {
    events;
    timer = leash_1.detach(() => leash_1.setInterval("transformer/__testfixtures__/ownership/module.ts:18:11 Service.timer", () => this.tick(), 1_000));
    static shared = leash_1.detach(() => leash_1.setInterval("transformer/__testfixtures__/ownership/module.ts:19:19 Service.shared", () => undefined, 1_000));
    constructor(events) {
        this.events = events;
        leash_1.detach(() => leash_1.addListener("transformer/__testfixtures__/ownership/module.ts:22:12 Service.constructor", events, "on", 'stop', () => leash_1.clearInterval("transformer/__testfixtures__/ownership/module.ts:22:29 handler in events.on('stop')", this.timer)));
        void leash_1.detach(/* istanbul ignore next */ () => leash_1.spawnShared("transformer/__testfixtures__/ownership/module.ts:23:10 Service.constructor", /* istanbul ignore next */ () => fetchConfig('/service')));
    }
    tick() { }
}
exports.Service = Service;
