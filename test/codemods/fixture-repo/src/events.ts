/** Counts `message` events on `target` until `signal` aborts. */
export function countMessages(target: EventTarget, signal: AbortSignal): { readonly count: number } {
  const state = { count: 0 };
  if (signal.aborted) return state;
  target.addEventListener('message', () => {
    state.count++;
  });
  return state;
}
