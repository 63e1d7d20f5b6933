// EventTarget receivers, AbortSignal included, decided by the checker.
export class Bus extends EventTarget {}

export function wire(bus: Bus, controller: AbortController, onAbort: () => void): () => void {
  const handler = (event: Event) => void event;
  bus.addEventListener('message', handler);
  controller.signal.addEventListener('abort', onAbort, { once: true });
  new EventTarget().addEventListener('x', handler, true);
  return () => bus.removeEventListener('message', handler);
}
