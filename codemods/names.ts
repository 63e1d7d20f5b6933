/**
 * The leash codemods by name, as plain data: what the CLI needs to check its arguments and print
 * its help without loading the transforms (the parent process of the worker pool never runs one).
 * `all` runs them in this order: race-timeout before sleep-signal (a race against a resolving
 * timer is a timeout, not a sleep), the syntactic ones before thread-signal (so the `sleep` and
 * `mapLimit` calls they add get a signal threaded to them too). test/codemods/structure.test.ts
 * checks this list against the transforms.
 */

/** The type-aware transform: the whole set of files at once, in the CLI process. */
export const PROJECT_TRANSFORM = 'thread-signal';

/** Syntactic transforms, one file at a time in jscodeshift's worker processes. */
export const syntacticNames: readonly string[] = ['race-timeout', 'sleep-signal', 'bounded-concurrency', 'listener-signal'];

/** Every transform name, in the order `all` runs them. */
export const transformNames: readonly string[] = [...syntacticNames, PROJECT_TRANSFORM];

export const descriptions: Record<string, string> = {
  'race-timeout': 'Promise.race([work, setTimeout promise]) -> withTimeout(ms, () => work)',
  'sleep-signal': 'new Promise(r => setTimeout(r, ms)) -> sleep(ms, { signal })',
  'bounded-concurrency': 'Promise.all / allSettled over an unbounded fan-out -> mapLimit / mapSettledLimit',
  'listener-signal': 'addEventListener with no matching removeEventListener -> pass { signal }',
  'thread-signal': 'pass an AbortSignal to every call that accepts one, adding signal parameters up the call chain (type-aware)',
};

/**
 * The transforms a CLI argument selects — `all`, one name, or a comma-separated list — in the
 * order `all` runs them; null when a name is unknown.
 */
export function selectTransforms(arg: string): string[] | null {
  if (arg === 'all') return [...transformNames];
  const names = arg.split(',').map((n) => n.trim());
  if (names.some((n) => !transformNames.includes(n))) return null;
  return transformNames.filter((n) => names.includes(n));
}
