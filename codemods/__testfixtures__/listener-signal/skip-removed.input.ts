// Listeners removed in the same function, already given a signal, or on a signal itself: left alone.
export async function once(target: EventTarget, type: string, signal: AbortSignal) {
  return new Promise<Event>((resolve) => {
    const listener = (event: Event) => {
      target.removeEventListener(type, listener);
      resolve(event);
    };
    target.addEventListener(type, listener);
    target.addEventListener('error', () => resolve(new Event('error')), { signal });
    signal.addEventListener('abort', () => resolve(new Event('abort')), { once: true });
  });
}
