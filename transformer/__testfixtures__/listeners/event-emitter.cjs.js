"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Feed = void 0;
exports.wire = wire;
// Node EventEmitter receivers: the class, subclasses, typed emitters, streams and process.
const node_events_1 = require("node:events");
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
class Feed extends node_events_1.EventEmitter {
    constructor() {
        super();
        leash_1.detach(() => leash_1.addListener("transformer/__testfixtures__/listeners/event-emitter.ts:12:10 Feed.constructor", this, "on", 'data', (chunk) => void chunk));
    }
}
exports.Feed = Feed;
function wire(emitter, feed, stream) {
    const listener = () => undefined;
    leash_1.addListener("transformer/__testfixtures__/listeners/event-emitter.ts:18:32 wire", leash_1.addListener("transformer/__testfixtures__/listeners/event-emitter.ts:18:11 wire", emitter, "on", 'tick', listener), "once", 'tock', listener);
    leash_1.addListener("transformer/__testfixtures__/listeners/event-emitter.ts:19:11 wire", emitter, "addListener", 'a', listener);
    leash_1.addListener("transformer/__testfixtures__/listeners/event-emitter.ts:20:11 wire", emitter, "prependListener", 'b', listener);
    leash_1.addListener("transformer/__testfixtures__/listeners/event-emitter.ts:21:11 wire", emitter, "prependOnceListener", 'c', listener);
    leash_1.removeListener("transformer/__testfixtures__/listeners/event-emitter.ts:22:11 wire", emitter, "off", 'tick', listener);
    leash_1.removeListener("transformer/__testfixtures__/listeners/event-emitter.ts:23:11 wire", emitter, "removeListener", 'a', listener);
    leash_1.addListener("transformer/__testfixtures__/listeners/event-emitter.ts:24:8 wire", feed, "on", 'data', (chunk) => void chunk);
    leash_1.addListener("transformer/__testfixtures__/listeners/event-emitter.ts:25:10 wire", stream, "on", 'end', listener);
    leash_1.addListener("transformer/__testfixtures__/listeners/event-emitter.ts:26:11 wire", process, "on", 'SIGTERM', listener);
}
