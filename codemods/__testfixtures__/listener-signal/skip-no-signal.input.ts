// skips: no-signal-in-scope, options-not-literal, options-spread
export function attach(target: EventTarget, handler: (e: Event) => void) {
  target.addEventListener('message', handler);
}

export function withOptions(target: EventTarget, handler: (e: Event) => void, options: AddEventListenerOptions, signal: AbortSignal) {
  target.addEventListener('message', handler, options);
  target.addEventListener('error', handler, { ...options, once: true });
}
