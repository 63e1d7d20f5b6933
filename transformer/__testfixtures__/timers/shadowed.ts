// Locals, parameters and imports named like the globals are not the globals: nothing changes.
import { setTimeout } from 'node:timers/promises';

export async function wait(ms: number): Promise<void> {
  await setTimeout(ms);
}

export function withLocal(): number {
  const setInterval = (fn: () => void, ms: number): number => (fn(), ms);
  return setInterval(() => undefined, 5);
}

export function withParameter(setImmediate: (fn: () => void) => void): void {
  setImmediate(() => undefined);
}
