/**
 * A full garbage collection, for leak checks only. A listener on an object nobody references is
 * garbage, not a leak (see `weakly` in entry.ts), but an idle test process may not collect for a
 * long time; a check that still sees listeners collects once and looks again, as Jest's leak
 * detector does. Node exposes `gc` only with `--expose-gc`: the flag is turned on just long
 * enough to take the function from a new context, so no other context gets a `gc` global.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Entry } from './entry';

let gc: (() => void) | null | undefined;

/**
 * A leak check's look: `look()`, and the first time what it finds holds a listener or a task,
 * `look()` once more after a full collection, run in a turn of its own (weak references read in a
 * turn keep their targets alive until it ends, and the look that found the listeners read them)
 * and followed by another (where the FinalizationRegistry's callbacks run: a pending task nothing
 * references any more is found abandoned there, see `abandoned.ts`). Without it a race's loser that
 * can never settle, which the check does not report once collected, kept every check waiting out
 * its retries (~1.5 s a test) and was then reported.
 */
export function collectingOnce<T extends readonly [Entry, ...unknown[]]>(look: () => T[]): () => Promise<T[]> {
  let collected = false;
  return async () => {
    const found = look();
    if (collected || !found.some(([entry]) => entry.kind === 'listener' || entry.kind === 'task')) return found;
    collected = true;
    await new Promise<void>((resolve) => realSetImmediate(resolve));
    collectGarbage();
    await new Promise<void>((resolve) => realSetImmediate(resolve));
    return look();
  };
}

const realSetImmediate = globalThis.setImmediate;

/** Runs a full collection; does nothing where the runtime cannot (the flag refused). */
export function collectGarbage(): void {
  if (gc === undefined) gc = findGc();
  gc?.();
}

function findGc(): (() => void) | null {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === 'function') return exposed as () => void;
  try {
    setFlagsFromString('--expose-gc');
    const found: unknown = runInNewContext('gc');
    return typeof found === 'function' ? (found as () => void) : null;
  } catch {
    return null;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}
