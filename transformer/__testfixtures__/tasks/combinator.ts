// expect-notes: tasks/heldCombinator
// The array a `Promise.race`, `Promise.any` or `Promise.all` waits on becomes
// `leash.observeAll(site, array)`: the losers run on, registered until they settle; the array
// and its promises stay the same objects. Left alone: `allSettled` (nothing runs on after it),
// anything but a plain array (reading a Set or a generator could be seen), a `Promise` that is
// not the global one, and a combinator whose result is held outside the scope.
declare function load(id: string): Promise<string>;
declare function timeout(ms: number): Promise<never>;

export async function raced(id: string): Promise<string> {
  return Promise.race([load(id), timeout(1_000)]);
}

export async function firstOf(ids: string[]): Promise<string> {
  const all = await Promise.all(ids.map((id) => load(id)));
  const pending = [load('a')];
  pending.push(load('b'));
  await Promise.all(pending);
  return Promise.any([load('c'), load('d')]).then((value) => value + all.length);
}

export async function untouched(ids: Set<Promise<string>>, given: Promise<string>[]): Promise<void> {
  await Promise.allSettled([load('e')]);
  await Promise.race(ids);
  await Promise.all(given);
}

export function shadowed(): Promise<string> {
  const Promise = { race: (values: Promise<string>[]) => values[0] };
  return Promise.race([load('f')]) as unknown as globalThis.Promise<string>;
}

let fastest: Promise<string> | undefined;
export function memoized(): Promise<string> {
  return (fastest ??= Promise.race([load('g'), load('h')]));
}

// A promise made by hand (`new Promise`, or a `const` holding one) is settled by whoever holds
// its `resolve`: no work the race started. Its bit in the third argument leaves it unobserved;
// a race of nothing else is left alone. Redux Toolkit's `createAsyncThunk` races the work
// against one that rejects only on abort, and removes the abort listener after the race.
export async function abortable(signal: AbortSignal): Promise<string> {
  let onAbort = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([aborted, load('i'), new Promise<string>((resolve) => setTimeout(resolve, 10, 'late'))]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

export async function handMadeOnly(): Promise<void> {
  let release = (): void => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  setTimeout(release, 10);
  await Promise.race([released, new Promise<void>((resolve) => setTimeout(resolve, 20))]);
}
