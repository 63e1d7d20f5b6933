// skips: checks-aborted
/** Calls `check` every `interval` ms until it returns true; an abort makes it return false, not throw. */
export async function waitUntil(check: () => boolean, interval: number, signal?: AbortSignal): Promise<boolean> {
  while (!check()) {
    if (signal?.aborted) return false;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  return true;
}
