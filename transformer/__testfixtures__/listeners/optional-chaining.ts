// expect-notes: listeners/chainContinues listeners/optionalCall
// Optional chains keep their meaning: a nullish receiver gives undefined and adds nothing.
import type { EventEmitter } from 'node:events';

interface Holder {
  emitter: EventEmitter;
}

export function wire(maybe: EventEmitter | undefined, holder: Holder | null, make: () => EventEmitter | undefined, f: () => void): void {
  maybe?.on('a', f);
  holder?.emitter.on('b', f);
  make()?.once('c', f);
  maybe?.on('d', f).on('e', f);
  maybe!.on?.('f', f);
  const added = maybe?.off('g', f);
  void added;
}
