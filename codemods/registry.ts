/**
 * The list of leash codemods. `all` runs them in the order below: race-timeout before sleep-signal
 * (a race against a resolving timer is a timeout, not a sleep), the syntactic ones before
 * thread-signal (so the `sleep` and `mapLimit` calls they add get a signal threaded to them too).
 */
import { transform as boundedConcurrency } from './transforms/bounded-concurrency';
import { transform as listenerSignal } from './transforms/listener-signal';
import { transform as raceTimeout } from './transforms/race-timeout';
import { transform as sleepSignal } from './transforms/sleep-signal';
import type { SyntacticTransform } from './lib/transform';

/** Syntactic transforms: one file at a time, in jscodeshift's worker processes. */
export const syntacticTransforms: readonly SyntacticTransform<any>[] = [raceTimeout, sleepSignal, boundedConcurrency, listenerSignal];

/** The type-aware transform: the whole set of files at once, in the CLI process. */
export const PROJECT_TRANSFORM = 'thread-signal';

/** Every transform name, in the order `all` runs them. */
export const transformNames: readonly string[] = [...syntacticTransforms.map((t) => t.name), PROJECT_TRANSFORM];

export const descriptions: Record<string, string> = {
  ...Object.fromEntries(syntacticTransforms.map((t) => [t.name, t.description])),
  [PROJECT_TRANSFORM]: 'pass an AbortSignal to every call that accepts one, adding signal parameters up the call chain (type-aware)',
};

/** The transforms a CLI argument selects (`all` or one name), or null when the name is unknown. */
export function selectTransforms(name: string): string[] | null {
  if (name === 'all') return [...transformNames];
  return transformNames.includes(name) ? [name] : null;
}

export function syntacticByName(names: readonly string[]): SyntacticTransform<any>[] {
  return syntacticTransforms.filter((t) => names.includes(t.name));
}
