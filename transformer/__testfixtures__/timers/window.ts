/// <reference lib="dom" />
// In the DOM lib `window.setTimeout` is a `Window` method, not the global function: rewritten with
// `window` kept, whose own function is called on it (a test may stub `window`).
declare const jest: { setTimeout(timeout: number): void };

export function schedule(fn: () => void): void {
  const handle = window.setTimeout(fn, 10);
  window.clearTimeout(handle);
  self.setInterval(fn, 10);
  setTimeout(fn, 10);
  // Another object's method of the same name is not a timer.
  jest.setTimeout(5000);
}
