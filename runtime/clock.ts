/**
 * Start times for registry entries, read without any timer of leash's own: a fake clock
 * installed after leash loaded (`@sinonjs/fake-timers` 11+ and `vi.useFakeTimers` fake
 * `node:timers` as well as the globals) would see such a timer, count it and run it forever.
 *
 * Reading the time costs ~25–60 ns, as much as the rest of a listener wrapper, so it is read once
 * per async execution that registers something (the caller passes the execution id it already
 * has) and every 256th registration within one. An age in a report is therefore exact to the
 * length of the synchronous run that started the resource. `Date.now` is the one captured when
 * leash loaded, so a fake `Date` installed later moves no report ages.
 */
const realNow = Date.now;

let current = 0;
let readIn = -1;
let reads = 0;

/** The time for a registration made in async execution `executionId` (0 or less: unknown, read now). */
export function now(executionId: number): number {
  if (executionId !== readIn || executionId <= 0 || (++reads & 255) === 0) {
    readIn = executionId;
    current = realNow();
  }
  return current;
}

/** The current time from the same clock, for the ages in reports. */
export function wallNow(): number {
  return realNow();
}
