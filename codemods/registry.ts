/** The syntactic transform objects, in the order of `syntacticNames` (see names.ts). */
import { transform as boundedConcurrency } from './transforms/bounded-concurrency';
import { transform as listenerSignal } from './transforms/listener-signal';
import { transform as raceTimeout } from './transforms/race-timeout';
import { transform as sleepSignal } from './transforms/sleep-signal';
import type { SyntacticTransform } from './lib/transform';

export const syntacticTransforms: readonly SyntacticTransform<any>[] = [raceTimeout, sleepSignal, boundedConcurrency, listenerSignal];

export function syntacticByName(names: readonly string[]): SyntacticTransform<any>[] {
  return syntacticTransforms.filter((t) => names.includes(t.name));
}
