// Node EventEmitter receivers: the class, subclasses, typed emitters, streams and process.
import { EventEmitter } from 'node:events';
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export class Feed extends EventEmitter {
    constructor() {
        super();
        leash_1.detach(() => leash_1.addListener("transformer/__testfixtures__/listeners/event-emitter.ts:12:10 Feed.constructor", this, "on", 'data', (chunk) => void chunk));
    }
}
export function wire(emitter, feed, stream) {
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
