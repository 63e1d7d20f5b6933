export function watch(target: EventTarget, signal: AbortSignal) {
  target.addEventListener('message', (event) => console.log(event.type), /* leash-codemod */ { signal });
  target.addEventListener('error', onError, /* leash-codemod */ { capture: true, signal });
  target.addEventListener('close', onError, /* leash-codemod */ { once: true, signal });
  target.addEventListener('ping', onError, /* leash-codemod */ {
    passive: true,
    signal,
  });
}

function onError(event: Event) {
  console.error(event.type);
}
