/**
 * Re-raising a task's rejection as unhandled, for the task's own promise.
 *
 * V8 reports a rejection to Node only for a promise with no reaction, and leash's observing
 * reaction is one: the task's promise counts as handled. Observing it without a reaction takes a
 * process-wide V8 promise hook, which made every `await` ~3× slower on Node 24. So when a task
 * rejects, leash rejects a stand-in promise nobody handles: Node's own pipeline then treats it as
 * it would have treated the task's promise — `unhandledRejection` listeners, the
 * `--unhandled-rejections` mode, the warning, the crash with the same error and exit code. While a
 * stand-in is on its way, `process.emit` is wrapped so that the event carries the task's promise
 * instead of the stand-in; the wrapper is removed again once every stand-in was delivered, so a
 * process whose tasks do not reject never sees it.
 *
 * What cannot be reproduced without a promise hook: that someone else handles the task's promise
 * (the callee kept it and awaits it later, before or after it rejects). Plain code then sees no
 * event, or a `rejectionHandled` after it; leash still raises the event, and raises no
 * `rejectionHandled`.
 */

/** Stand-in → the task's promise. */
const standIns = new WeakMap<Promise<unknown>, Promise<unknown>>();
let inFlight = 0;
let wrapper: ((this: unknown, event: string | symbol, ...args: unknown[]) => boolean) | undefined;
let wrapped: ((this: unknown, event: string | symbol, ...args: unknown[]) => boolean) | undefined;
let wrappedWasOwn = false;

/** Raises `reason` as an unhandled rejection of `promise`, as Node would have if nobody handled it. */
export function surface(promise: Promise<unknown>, reason: unknown): void {
  if (typeof process !== 'object' || process === null || typeof process.emit !== 'function') {
    // Not Node: the host reports the stand-in itself.
    void Promise.reject(reason);
    return;
  }
  const standIn = Promise.reject(reason);
  standIns.set(standIn, promise);
  inFlight++;
  if (wrapper === undefined) wrap();
}

function wrap(): void {
  const target = process as unknown as Record<string, unknown>;
  wrappedWasOwn = Object.prototype.hasOwnProperty.call(target, 'emit');
  const previous = (wrapped = target['emit'] as NonNullable<typeof wrapped>);
  wrapper = function emit(this: unknown, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'unhandledRejection' && inFlight > 0) {
      const promise = standIns.get(args[1] as Promise<unknown>);
      if (promise !== undefined) {
        args[1] = promise;
        if (--inFlight === 0) unwrap();
      }
    }
    return Reflect.apply(previous, this, [event, ...args]) as boolean;
  };
  target['emit'] = wrapper;
}

/**
 * Puts `process.emit` back. If someone wrapped it after leash, their wrapper calls leash's, which
 * then stays, passing every event through until the next stand-in.
 */
function unwrap(): void {
  const target = process as unknown as Record<string, unknown>;
  if (target['emit'] !== wrapper) return;
  if (wrappedWasOwn) target['emit'] = wrapped;
  else delete target['emit'];
  wrapper = wrapped = undefined;
}
