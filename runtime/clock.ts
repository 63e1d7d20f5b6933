/**
 * A coarse clock for resource start times. Reading the time costs ~20–60 ns (`Date.now()`,
 * `performance.now()`) — as much as the rest of a listener wrapper — so the registry reads a
 * variable that an unref'd 100 ms ticker refreshes, and ages in reports are exact to 100 ms.
 *
 * The ticker must never land on a fake clock: `@sinonjs/fake-timers` 11+ (and `vi.useFakeTimers`,
 * jest's modern timers, which use it) replace `node:timers` as well as the globals, and would
 * count leash's ticker and run it forever in `runAll()`. So the timer functions and `Date.now`
 * are the ones captured when leash loads, before a test installs a fake clock. If a fake clock
 * was installed even earlier (a setup file, jest's `enableGlobally`), the captured functions are
 * its fakes — they carry a `clock` property, or jest's `_isMockFunction` — and leash uses no
 * ticker at all: it reads the time at each registration instead. The ticker starts at the first
 * registration, outside any scope (so it keeps no scope alive), never holds the process open,
 * and is not itself registered.
 */
import * as timers from 'node:timers';

const RESOLUTION_MS = 100;
const realNow = Date.now;
/**
 * Times are kept as milliseconds since leash loaded: a small integer fits in an entry's field,
 * while an epoch time would be a heap number allocated with every entry (~20% of a listener
 * wrapper's cost went to the garbage collector).
 */
const EPOCH = realNow();
const realSetInterval = timers.setInterval;

let current = 0;
/** 0: not started; 1: ticking; 2: no ticker (the timers were fake at load): read per call. */
let state = 0;

function tick(): void {
  current = realNow() - EPOCH;
}

/** Whether `fn` is a fake clock's (it carries a `clock`) or a jest mock's. */
export function isFake(fn: unknown): boolean {
  const probe = fn as { clock?: unknown; _isMockFunction?: unknown };
  return probe.clock !== undefined || probe._isMockFunction === true;
}

/** Starts the ticker; `outside` runs it with no ambient scope. */
function start(outside: (fn: () => void) => void): void {
  current = realNow() - EPOCH;
  if (isFake(realSetInterval) || isFake(realNow)) {
    state = 2;
    return;
  }
  state = 1;
  outside(() => realSetInterval(tick, RESOLUTION_MS).unref());
}

/**
 * The time for a registration, in milliseconds since leash loaded (see `startedAt`). Only the
 * ticking case is here, so that the wrappers that inline it spend little of the compiler's
 * inlining budget (see `currentScope`).
 */
export function now(outside: (fn: () => void) => void): number {
  return state === 1 ? current : firstOrFakeNow(outside);
}

function firstOrFakeNow(outside: (fn: () => void) => void): number {
  if (state === 0) start(outside);
  return state === 2 ? realNow() - EPOCH : current;
}

/** The epoch time of a value `now` returned. */
export function startedAt(time: number): number {
  return EPOCH + time;
}

/** The current time from the same clock, for the ages in reports. */
export function wallNow(): number {
  return realNow();
}
