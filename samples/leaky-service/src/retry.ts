/** Retrying an upstream call: what leak 5 is made of. */

/**
 * Resolves after `ms` milliseconds, or rejects with `signal.reason` as soon as `signal` aborts,
 * clearing its timer. Without a signal it always waits the full `ms`.
 */
export function backoff(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Calls `attempt(signal)` until it succeeds, waiting a little longer after each failure.
 *
 * Leak 5: the error path never asks whether anyone still wants the answer. Once `signal` aborts,
 * every attempt fails at once, and the loop goes on forever, one backoff timer at a time.
 * (The fix is one argument: `backoff(ms, signal)`.)
 */
export async function retry<T>(attempt: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
  for (let failures = 1; ; failures++) {
    try {
      return await attempt(signal);
    } catch {
      await backoff(Math.min(25 * failures, 200));
    }
  }
}
