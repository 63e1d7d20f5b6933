/**
 * Caller sites for leash's own API. `mapLimit`, `withTimeout`, `TaskGroup.go`, `sleep` and their
 * siblings register tasks and timers; named by leash's line they would all read `leash:mapLimit`.
 * Instrumented code names its own line instead: the transformer wraps one argument of the call,
 * `mapLimit(items, 4, leash.at("src/jobs.ts:12:9 sync", fn))`, and the API takes that site when
 * it starts (`callerSite(fn, 'leash:mapLimit')`).
 *
 * A side channel rather than an extra parameter, so the public signatures stay as they are and a
 * call the transformer did not see (an uninstrumented caller, a mocked API) still works. The
 * site is taken only by the call whose argument carries it: `at` remembers the value it wrapped,
 * and an API takes the site only when its own argument is that value, so a leash call made while
 * later arguments are evaluated, or a replaced API that never takes it, names nothing wrongly.
 * Cost: two module-variable writes per instrumented call, one comparison per API call.
 */

/** Site ids of leash's own API start with this; reports say the caller was not instrumented. */
export const OWN_SITE_PREFIX = 'leash:';

let pendingSite: string | undefined;
let pendingValue: unknown;

/** `leash/hooks`' `at`: remembers `site` for the leash API call that receives `value`; returns `value`. */
export function at<T>(site: string, value: T): T {
  pendingSite = site;
  pendingValue = value;
  return value;
}

/**
 * The site the instrumented caller passed with `argument` (see `at`), or `fallback`
 * (`leash:<api>`) when the call was not instrumented.
 */
export function callerSite(argument: unknown, fallback: string): string {
  const site = pendingSite;
  if (site === undefined || pendingValue !== argument) return fallback;
  pendingSite = undefined;
  pendingValue = undefined;
  return site;
}
