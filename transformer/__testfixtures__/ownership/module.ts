// expect-notes: signals/heldOutsideScope signals/heldOutsideScope
// Top-level code, static blocks and constructors build what the module or the object holds,
// even when the module is first imported (`await import(...)`) inside a request.
import { EventEmitter } from 'node:events';

declare function fetchConfig(url: string, init?: { signal?: AbortSignal }): Promise<string>;

function startSweeper(): void {
  setInterval(() => undefined, 60_000).unref();
}

startSweeper();
export const config = fetchConfig('/config');
export const bus = new EventEmitter();
bus.on('error', () => undefined);

export class Service {
  timer = setInterval(() => this.tick(), 1_000);
  static shared = setInterval(() => undefined, 1_000);

  constructor(private readonly events: EventEmitter) {
    events.on('stop', () => clearInterval(this.timer));
    void fetchConfig('/service');
  }

  tick(): void {}
}
