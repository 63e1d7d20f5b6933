// addEventListener never gets a `{ signal }` option (the listeners rule binds it instead).
export function watch(signal: AbortSignal, target: EventTarget, f: () => void): void {
  signal.addEventListener('abort', f);
  target.addEventListener('x', f, { once: true });
  target.removeEventListener('x', f);
}
