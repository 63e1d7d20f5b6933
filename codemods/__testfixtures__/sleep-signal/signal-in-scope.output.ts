import { EventEmitter } from 'node:events';
/* leash-codemod */ import { sleep } from 'leash';

export async function poll(check: () => boolean, signal?: AbortSignal) {
  while (!check()) await /* leash-codemod */ sleep(50, { signal });
}

export async function backoff(opts: { delay: number; signal?: AbortSignal }) {
  await /* leash-codemod */ sleep(opts.delay, { signal: opts.signal });
}

export async function drain(emitter: EventEmitter, { signal }: { signal: AbortSignal }) {
  emitter.emit('drain');
  return /* leash-codemod */ sleep(10, { signal });
}
