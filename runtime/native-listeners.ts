/**
 * Whether a `once` listener is still registered on its target. leash hands the caller's
 * listener to the platform as is (a wrapper would be a different function to the target, its
 * overrides and its remove calls), so it does not see a `once` listener fire; the sweep asks the
 * target instead. Only the sweep and a repeated add call this, never the per-call path.
 */
import { getEventListeners } from 'node:events';
import { EMITTER, type Entry } from './entry';

export function stillListening(entry: Entry): boolean {
  const { handle, type, original } = entry;
  if (entry.flags & EMITTER) {
    // Node's once wrapper carries the caller's function as `.listener`.
    const raw: unknown[] | undefined = typeof handle.rawListeners === 'function' ? handle.rawListeners(type) : undefined;
    if (raw === undefined) return true;
    return raw.some((fn) => fn !== original && (fn as { listener?: unknown }).listener === original);
  }
  let listeners: unknown[];
  try {
    listeners = getEventListeners(handle, type as string);
  } catch {
    // Not a Node EventTarget (a DOM shim, say): its listeners cannot be read, so the entry stays
    // until it is removed or its scope ends.
    return true;
  }
  return listeners.includes(original);
}
