/**
 * Abandoned tasks: pending promises that nobody references any more. In plain JavaScript such a
 * promise is garbage; it will never settle, and nothing can await it. leash must not keep it
 * alive, and reports it instead, like Go 1.27's goroutine-leak profile, which uses the GC to find
 * goroutines blocked forever: the task's entry ends and its site counts one more `abandoned`.
 *
 * Watching every task with a FinalizationRegistry costs ~1 µs per task (measured on Node 20 and
 * 24) — more than spawning it. Most tasks settle within moments, so a task's entry holds its
 * promise at first, on a list of young tasks. Every 1,024 tasks the young list ages into the
 * old one, and the old tasks still pending — they outlived 1,024 later tasks — are handed to the
 * FinalizationRegistry, their entries letting go of the promise. Before every report all of
 * them are. So leash keeps at most ~2,048 pending promises alive at a time, and only
 * long-pending tasks pay for the weak reference.
 *
 * A promise handed to a combinator (`observeAll`) is watched the same, but found abandoned it is
 * not reported: a race's loser that nothing can settle any more (an abort promise raced against
 * the work) blocks no code; the combinator, its only reader, is done with it.
 *
 * The lists are doubly linked and a task leaves its list when it settles, so they hold pending
 * tasks only: a settled task's entry and promise are garbage at once, and die young, instead of
 * being kept through 1,024 more tasks into the old generation.
 */
import { COMBINED, type Entry } from './entry';
import { end, type Scope } from './scope';

const YOUNG_LIMIT = 1024;

/**
 * Young and old pending tasks, linked through `Entry.same` (next) and `Entry.original` (previous),
 * which only listener entries use otherwise. A task is on a list while its entry holds its
 * promise (`handle`).
 */
let young: Entry | null = null;
let old: Entry | null = null;
let youngCount = 0;

/** The scopes whose abandoned tasks are kept (`keepAbandoned`), each with those found so far and their owners. */
const kept = new WeakMap<Scope, Array<[Entry, Scope]>>();

/**
 * From now on, keeps each task the garbage collector finds abandoned under `scope` (owned by it or
 * a descendant), with its owner, in `found`. A leak check needs it: a report hands every pending
 * task to the FinalizationRegistry (`letGo`), so a promise that can never settle may be collected
 * while the check waits for other resources to end, and its entry ends with it — the check must
 * still count it, or the leak it exists to find passes unseen. `release` stops keeping, unless
 * the scope was kept before this call (a test's scope is kept from its start).
 */
export function keepAbandoned(scope: Scope): { readonly found: ReadonlyArray<readonly [Entry, Scope]>; release(): void } {
  const known = kept.get(scope);
  if (known !== undefined) return { found: known, release: noop };
  const found: Array<[Entry, Scope]> = [];
  kept.set(scope, found);
  return { found, release: () => kept.delete(scope) };
}

function noop(): void {}

const collected = new FinalizationRegistry<Entry>((entry) => {
  const owner = entry.scope;
  if (owner === null) return; // settled before it was collected
  end(entry);
  // A combinator's element: the combinator has read it, and nothing else waits behind it.
  if ((entry.flags & COMBINED) !== 0) return;
  entry.site.abandoned++;
  for (let scope: Scope | null = owner; scope !== null; scope = scope.parent) kept.get(scope)?.push([entry, owner]);
});

/** Called by `spawn` for each new task; `entry.handle` is its promise. */
export function track(entry: Entry): void {
  const head = young;
  if (head !== null) head.original = entry;
  entry.same = head;
  young = entry;
  if (++youngCount >= YOUNG_LIMIT) {
    watch(old);
    old = young;
    young = null;
    youngCount = 0;
  }
}

/** Called when the task settles: its entry leaves its list, ends, and no longer holds the promise. */
export function settled(entry: Entry): void {
  if (entry.handle !== null) {
    const prev: Entry | undefined = entry.original;
    const next = entry.same;
    if (prev !== undefined) prev.same = next;
    else if (young === entry) young = next;
    else if (old === entry) old = next;
    if (next !== null) next.original = prev;
    entry.same = null;
    entry.original = undefined;
    entry.handle = null;
  }
  end(entry);
}

/** Hands every tracked task still pending to the FinalizationRegistry: before a report. */
export function letGo(): void {
  watch(old);
  watch(young);
  old = young = null;
  youngCount = 0;
}

/** Hands the pending tasks of a list to the FinalizationRegistry; their entries stop holding them. */
function watch(list: Entry | null): void {
  let entry = list;
  while (entry !== null) {
    const next: Entry | null = entry.same;
    entry.same = null;
    entry.original = undefined;
    collected.register(entry.handle, entry);
    entry.handle = null;
    entry = next;
  }
}
