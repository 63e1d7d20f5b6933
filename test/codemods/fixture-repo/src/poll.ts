/** Calls `check` every `interval` ms until it returns true or `signal` aborts. */
export async function waitUntil(check: () => boolean, interval: number, signal?: AbortSignal): Promise<boolean> {
  while (!check()) {
    if (signal?.aborted) return false;
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
  return true;
}
