// skips: exported-signature, exported-signature, signal-used-selectively, checks-aborted
// A controller made for one call, or a `let` assigned later, is not the function's signal.
export async function withController(url: string) {
  const controller = new AbortController();
  controller.abort();
  await fetch(url, { signal: controller.signal }).catch(() => null);
  return fetch(url);
}

export async function assignedLater(url: string) {
  let signal: AbortSignal;
  const res = await fetch(url);
  signal = AbortSignal.timeout(10);
  return [res, signal];
}

// It passes its signal to one call by hand and not to the other, perhaps on purpose.
export async function selective(url: string, signal: AbortSignal) {
  await fetch(url, { signal });
  return fetch('https://example.com/beacon', { method: 'POST' });
}

// It sleeps on purpose and then decides; a signal would make the wait throw instead.
export async function drain(queue: string[], signal: AbortSignal, wait: (ms: number, o?: { signal?: AbortSignal }) => Promise<void>) {
  while (queue.length) {
    await wait(10);
    if (signal.aborted) return 'stopped';
    queue.shift();
  }
  return 'drained';
}
