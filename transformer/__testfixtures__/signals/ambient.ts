// No signal around: the ambient scope's signal is passed, in each of the four shapes.
import { once, EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

declare function load(id: string, signal?: AbortSignal): Promise<string>;
declare const init: RequestInit;

export async function sync(url: string, emitter: EventEmitter): Promise<void> {
  await fetch(url);
  await fetch(url, { method: 'POST' });
  await fetch(url, init);
  await fetch(url, { ...init, method: 'PUT' });
  await load('a');
  await once(emitter, 'ready');
  await sleep(10, undefined);
}
