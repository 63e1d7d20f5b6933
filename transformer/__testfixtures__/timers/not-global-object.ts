// A fake clock typed like globalThis is not the global object: its timers are its own.
declare const clock: typeof globalThis;

export function tick(fn: () => void): void {
  clock.setTimeout(fn, 100);
}
