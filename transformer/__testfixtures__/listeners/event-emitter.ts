// Node EventEmitter receivers: the class, subclasses, typed emitters, streams and process.
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';

interface Events {
  data: [chunk: string];
}

export class Feed extends EventEmitter<Events> {
  constructor() {
    super();
    this.on('data', (chunk) => void chunk);
  }
}

export function wire(emitter: EventEmitter, feed: Feed, stream: Readable): void {
  const listener = (): void => undefined;
  emitter.on('tick', listener).once('tock', listener);
  emitter.addListener('a', listener);
  emitter.prependListener('b', listener);
  emitter.prependOnceListener('c', listener);
  emitter.off('tick', listener);
  emitter.removeListener('a', listener);
  feed.on('data', (chunk) => void chunk);
  stream.on('end', listener);
  process.on('SIGTERM', listener);
}
