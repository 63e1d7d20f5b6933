import { EventEmitter } from 'node:events';

export async function poll(check: () => boolean, signal?: AbortSignal) {
  while (!check()) await new Promise((r) => setTimeout(r, 50));
}

export async function backoff(opts: { delay: number; signal?: AbortSignal }) {
  await new Promise(function (resolve) {
    setTimeout(resolve, opts.delay);
  });
}

export async function drain(emitter: EventEmitter, { signal }: { signal: AbortSignal }) {
  emitter.emit('drain');
  return new Promise((done) => globalThis.setTimeout(done, 10));
}
