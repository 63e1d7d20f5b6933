// `global.setTimeout(...)` (or `window.`, `self.`) calls whatever that object holds, on it — a test
// may stub it — so the object is kept: `setTimeoutOn(site, global, ...)`.
export function schedule(fn: () => void): void {
  const handle = global.setTimeout(fn, 10);
  global.clearTimeout(handle);
  const tick = global.setInterval(fn, 10);
  global.clearInterval(tick);
  global.clearImmediate(undefined);
}
