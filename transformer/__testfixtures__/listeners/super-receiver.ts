// expect-notes: listeners/superReceiver
// `super.on` cannot be passed to the runtime: left alone with a note; `this.on` is rewritten.
import { EventEmitter } from 'node:events';

export class Logged extends EventEmitter {
  override on(event: string | symbol, listener: (...args: any[]) => void): this {
    console.log('on', event);
    return super.on(event, listener);
  }

  watch(listener: () => void): this {
    return this.on('change', listener);
  }
}
