/**
 * Every error leash throws is a LeashError: one class, one `[leash]` prefix, and a message that
 * names what was expected, what was received, and what to do instead.
 */
export class LeashError extends Error {
  override name = 'LeashError';
  constructor(message: string) {
    super(`[leash] ${message}`);
  }
}

/** Describes a received value for an error message without dumping it whole. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
  return String(value);
}

/**
 * The reason a scope carries when it was aborted without one: the counterpart of Go's
 * `context.Canceled`. Its `name` is `'AbortError'`, so code that checks `err.name === 'AbortError'`
 * (as it does for `fetch`) treats it as a cancellation. Compare with `===`: it is one preallocated
 * value, so aborting costs no allocation and no stack capture. It is not frozen: Node's `fetch`
 * redefines `stack` on the abort reason it rejects with, and fails with a TypeError on a frozen one.
 */
export const canceled: Error = Object.assign(new Error('[leash] scope canceled'), { name: 'AbortError' });

/**
 * The reason a scope carries when its `timeout` or `deadline` passed: the counterpart of Go's
 * `context.DeadlineExceeded`. Its `name` is `'TimeoutError'`, like the reason of
 * `AbortSignal.timeout()`.
 */
export const deadlineExceeded: Error = Object.assign(new Error('[leash] scope deadline exceeded'), { name: 'TimeoutError' });

/**
 * Throws when `options` has a key `allowed` does not list, naming the nearest allowed one: a
 * misspelt option (`timeot`) would otherwise be ignored without a word.
 */
export function checkKeys(api: string, options: object, allowed: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (allowed.includes(key)) continue;
    const near = allowed.find((name) => editDistance(name, key) <= 2);
    throw new LeashError(`${api}: unknown option ${describe(key)}${near === undefined ? '' : ` (did you mean \`${near}\`?)`}; expected one of ${allowed.join(', ')}.`);
  }
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}
