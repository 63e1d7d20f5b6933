// expect-notes: listeners/superReceiver
// `super.on` cannot be passed to the runtime: left alone with a note; `this.on` is rewritten.
import { EventEmitter } from 'node:events';
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export class Logged extends EventEmitter {
    on(event, listener) {
        console.log('on', event);
        return super.on(event, listener);
    }
    watch(listener) {
        return leash_1.addListener("transformer/__testfixtures__/listeners/super-receiver.ts:12:17 Logged.watch", this, "on", 'change', listener);
    }
}
