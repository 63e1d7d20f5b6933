/**
 * The leash codemods by name, as plain data: what the CLI needs to check its arguments and print
 * its help without loading the transforms (the parent process of the worker pool never runs one).
 * They run in this order: race-timeout before sleep-signal (a race against a resolving
 * timer is a timeout, not a sleep), the syntactic ones before thread-signal (so the `sleep` and
 * `mapLimit` calls they add get a signal threaded to them too). test/codemods/structure.test.ts
 * checks this list against the transforms.
 */

/** The type-aware transform: the whole set of files at once, in the CLI process. */
export const PROJECT_TRANSFORM = 'thread-signal';

/** Syntactic transforms, one file at a time in jscodeshift's worker processes. */
export const syntacticNames: readonly string[] = ['race-timeout', 'sleep-signal', 'bounded-concurrency', 'listener-signal'];

/** Every transform name, in the order they run. */
export const transformNames: readonly string[] = [...syntacticNames, PROJECT_TRANSFORM];

/**
 * What `all` runs: the transforms that change nothing a program does until something is aborted
 * or times out. bounded-concurrency is not among them: it changes how work is scheduled (how many
 * run at once, and that after a rejection the remaining items do not start), a decision per
 * fan-out that you ask for by name.
 */
export const allNames: readonly string[] = transformNames.filter((n) => n !== 'bounded-concurrency');

export const descriptions: Record<string, string> = {
  'race-timeout': 'Promise.race([work, setTimeout promise]) -> withTimeout(ms, () => work)',
  'sleep-signal': 'new Promise(r => setTimeout(r, ms)) -> sleep(ms, { signal })',
  'bounded-concurrency': 'Promise.all / allSettled over an unbounded fan-out -> mapLimit / mapSettledLimit',
  'listener-signal': 'addEventListener with no matching removeEventListener -> pass { signal }',
  'thread-signal': 'pass a signal a function already has down to the calls that accept one, along call paths that reach them (type-aware)',
};

/**
 * The transforms a CLI argument selects — `all`, one name, or a comma-separated list — in the
 * order `all` runs them; null when a name is unknown.
 */
export function selectTransforms(arg: string): string[] | null {
  if (arg === 'all') return [...allNames];
  const names = arg.split(',').flatMap((n) => (n.trim() === 'all' ? allNames : [n.trim()]));
  if (names.some((n) => !transformNames.includes(n))) return null;
  return transformNames.filter((n) => names.includes(n));
}
