/**
 * A coarse clock for resource start times. Reading the time costs ~60–70 ns on Node 20
 * (`Date.now()`, `performance.now()`) — as much as the rest of a listener wrapper — so the
 * registry reads a variable that an unref'd 100 ms ticker refreshes. Ages in reports are
 * therefore exact to 100 ms. The ticker starts at the first registration, outside any scope (so
 * it keeps no scope alive), never holds the process open, and is not itself registered.
 */
import { setInterval as nodeSetInterval } from 'node:timers';

const RESOLUTION_MS = 100;
let current = 0;
let ticking = false;

function tick(): void {
  current = Date.now();
}

/** Starts the ticker; `outside` runs it with no ambient scope. */
function start(outside: (fn: () => void) => void): void {
  ticking = true;
  current = Date.now();
  outside(() => nodeSetInterval(tick, RESOLUTION_MS).unref());
}

export function now(outside: (fn: () => void) => void): number {
  if (!ticking) start(outside);
  return current;
}
