// Methods with listener names on types that are not EventTargets or EventEmitters: nothing changes.
// The static `EventEmitter.once(emitter, name)` is not a listener call on an emitter either (the
// signals rule still passes it a signal).
import { EventEmitter } from 'node:events';

interface Query {
  on(event: string, handler: () => void): Query;
  off(event: string, handler: () => void): Query;
}

export async function wire(query: Query, fake: { addEventListener(type: string, f: () => void): void }, emitter: EventEmitter, f: () => void): Promise<void> {
  query.on('click', f).off('click', f);
  fake.addEventListener('x', f);
  await EventEmitter.once(emitter, 'ready');
}
