// expect-notes: signals/checksAbortedItself signals/checksAbortedItself
// A function that reads its signal's `.aborted` handles cancellation itself: it waits on purpose,
// then checks and goes on (cockatiel's cooperative timeout). Its waits get no signal, or the
// check-and-continue would become a throw. The function next to it, which never checks, still
// gets its signal passed down.
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
