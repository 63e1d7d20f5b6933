import { sleep } from 'leash';

export async function pause(ms: number, signal?: AbortSignal) {
  await sleep(ms, { signal });
}
