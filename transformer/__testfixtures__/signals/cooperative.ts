// expect-notes: signals/checksAbortedItself signals/checksAbortedItself
// A function that reads its signal's `.aborted` handles cancellation itself: `await sleep(3);`
// there is a wait on purpose before the check (cockatiel's cooperative timeout), so it gets no
// signal, or the check-and-continue would become a throw. A function that never checks, and a
// call whose value is used, still get the signal passed down.
import { setTimeout as sleep } from 'node:timers/promises';

export async function cooperative({ signal }: { signal: AbortSignal }): Promise<number> {
  await sleep(3);
  return signal.aborted ? 0 : 42;
}

export async function checksWithThrow(signal: AbortSignal): Promise<void> {
  signal.throwIfAborted();
  await sleep(3);
}

export async function passesItOn({ signal }: { signal: AbortSignal }): Promise<void> {
  await sleep(3);
  void signal;
}

// Checks after a call whose value it uses: nothing waits on purpose, so the call gets the signal.
export async function usesTheValue({ signal }: { signal: AbortSignal }): Promise<string | undefined> {
  const value = await sleep(3, 'v');
  if (signal.aborted) return undefined;
  return value;
}
