// `globalThis.setTimeout` is the same global function: rewritten like the bare call.
export function schedule(fn: () => void): void {
  const handle = globalThis.setTimeout(fn, 10);
  globalThis.clearTimeout(handle);
}
