// The options parameter is not the next one: the omitted optional parameters before it are
// passed as `undefined` (what they were), then the options: `sleep(ms)` from node:timers/promises
// (`setTimeout(delay?, value?, options?)`) becomes `sleep(ms, undefined, { signal })`.
import { setTimeout as sleep } from 'node:timers/promises';

export async function nap(): Promise<void> {
  await sleep(10);
}

export async function napFor(ms: number, signal?: AbortSignal): Promise<string> {
  return sleep(ms, 'done');
}
