export function watch(target: EventTarget, signal: AbortSignal) {
  target.addEventListener('message', () => console.log('message'), { signal });
  target.addEventListener('error', () => console.log('error'), { capture: true, signal });
}
