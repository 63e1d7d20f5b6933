/**
 * What leash reads of the fake clocks a test installs, in one place: the timer wrappers ask them
 * whether a timer they started has ended (`timerEnded`), the per-test checks whether a fake timer
 * is still pending. Two kinds exist:
 * - @sinonjs/fake-timers (vitest's and jest's fake timers) hangs its clock on each global it
 *   fakes; the clock keeps its pending timers by id, a plain object up to version 14, a Map from 15.
 * - node:test's mock timers (`mock.timers.enable()`) return handles that carry their index in the
 *   mock's queue, `priorityQueuePosition`, a number only while the timer is queued.
 */

export type FakeClock = { timers?: Record<string, unknown> | Map<number, unknown> };

/** The fake clock installed now (the one on `setTimeout`), if any. */
export function installedFakeClock(): FakeClock | undefined {
  return (globalThis.setTimeout as { clock?: FakeClock }).clock;
}

/**
 * The fake clock behind `set`, a timer function: a spy over a fake `setTimeout` carries no
 * `clock`, so it is traced through `clearTimeout` or `Date`, which the clock fakes as well.
 */
export function fakeClockOf(set: unknown): FakeClock | undefined {
  const on = (fn: unknown) => (fn as { clock?: FakeClock } | undefined)?.clock;
  return on(set) ?? on(globalThis.clearTimeout) ?? on(globalThis.Date);
}

/** The ids of the timers still pending on `clock`. */
export function pendingOn(clock: FakeClock): string[] {
  const timers = clock.timers;
  if (timers === undefined) return [];
  return timers instanceof Map ? [...timers.keys()].map(String) : Object.keys(timers);
}

/** Whether `clock` still holds timer `id` (it has not fired, been cleared or dropped); undefined when the clock keeps no list. */
export function holds(clock: FakeClock, id: number): boolean | undefined {
  const timers = clock.timers;
  if (timers === undefined) return undefined;
  return timers instanceof Map ? timers.has(id) : Object.prototype.hasOwnProperty.call(timers, id);
}

/** A fake timer's id: the handle itself, or what its `Symbol.toPrimitive` gives (the object @sinonjs/fake-timers returns under Node); NaN for anything else. */
export function fakeTimerId(handle: unknown): number {
  try {
    return Number(handle);
  } catch {
    return NaN;
  }
}

/** A handle node:test's mock timers returned. */
export function isNodeMockTimer(handle: unknown): handle is { priorityQueuePosition?: unknown } {
  return handle !== null && typeof handle === 'object' && 'priorityQueuePosition' in handle;
}
