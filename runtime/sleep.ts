/**
 * `sleep(ms)`: a timer you can await, owned by the current scope. It rejects with the abort
 * reason as soon as `signal` (default: the current scope's) aborts, and its timer is cleared
 * then, so an abandoned sleep never holds the process open.
 */
import { callerSite } from './caller';
import { describe, LeashError } from './errors';
import { currentScope } from './scope';
import { clearTimeout, setTimeout } from './timers';

export interface SleepOptions {
  /** @default the current scope's signal */
  signal?: AbortSignal | undefined;
}

export function sleep(ms: number, options: SleepOptions = {}): Promise<void> {
  const site = callerSite(ms, 'leash:sleep');
  if (typeof ms !== 'number' || !(ms >= 0)) {
    throw new LeashError(`sleep(ms): expected milliseconds >= 0, got ${describe(ms)}.`);
  }
  const signal = options.signal ?? currentScope().signal;
  if (!(signal instanceof AbortSignal)) {
    throw new LeashError(`sleep(ms, { signal }): expected an AbortSignal, got ${describe(signal)}.`);
  }
  return new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(site, timer);
      reject(signal.reason);
    };
    const timer = setTimeout(site, () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
