export function watch(target: EventTarget, signal: AbortSignal) {
  target.addEventListener('message', (event) => console.log(event.type));
  target.addEventListener('error', onError, true);
  target.addEventListener('close', onError, { once: true });
  target.addEventListener('ping', onError, {
    passive: true,
  });
}

function onError(event: Event) {
  console.error(event.type);
}
