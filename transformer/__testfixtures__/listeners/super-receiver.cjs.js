"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Logged = void 0;
// expect-notes: listeners/superReceiver
// `super.on` cannot be passed to the runtime: left alone with a note; `this.on` is rewritten.
const node_events_1 = require("node:events");
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
class Logged extends node_events_1.EventEmitter {
    on(event, listener) {
        console.log('on', event);
        return super.on(event, listener);
    }
    watch(listener) {
        return leash_1.addListener("transformer/__testfixtures__/listeners/super-receiver.ts:12:17 Logged.watch", this, "on", 'change', listener);
    }
}
exports.Logged = Logged;
