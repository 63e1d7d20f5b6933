/**
 * Copies of leash's runtime in one JavaScript realm. A bundle that holds its own copy of the
 * runtime (bundled inline rather than imported from node_modules) keeps its own registry, scopes
 * and counts beside the copy that the program's other code, `leash/testing` or leash/vitest load
 * from node_modules: a report from one does not see what code using the other registered, and
 * says "no instrumented code has run" while instrumented code runs. So each copy enters itself on
 * one realm-wide list (`Symbol.for`), by the file it was loaded from: a second file says so once,
 * as it loads, and a copy that saw no instrumented code can tell where some ran.
 *
 * The same file loaded again (a test runner that isolates test files re-evaluates its modules)
 * takes the place of the earlier entry: that is a reload, not a second copy.
 */
const COPIES = Symbol.for('leash.runtime.copies');

interface Copy {
  /** The file this copy was loaded from: a bundle's, or node_modules/leash's. */
  readonly file: string;
  /** How many instrumented modules announced themselves to this copy (config.ts, `useMode`). */
  readonly instrumented: () => number;
}

/** What to do about two copies, said where they are noticed. */
const ONE_COPY =
  "Load one copy: keep leash external in the bundle (esbuild: external: ['leash', 'leash/*'], or packages: 'external'; Rollup, Rolldown, Vite: external: [/^leash(\\/|$)/]; webpack: externals), so the bundle imports it from node_modules.";

const realm = globalThis as { [COPIES]?: Copy[] };
const copies: Copy[] = (realm[COPIES] ??= []);

const file = typeof __filename === 'string' ? __filename : 'a file leash cannot name';
let thisCopy: Copy | undefined;

/**
 * Enters this copy on the realm's list, once, as config.ts loads; `instrumented` reads the count
 * config.ts keeps, so there is one count, not a second one kept beside it.
 */
export function enterCopy(instrumented: () => number): void {
  thisCopy = { file, instrumented };
  const reloaded = copies.findIndex((copy) => copy.file === file);
  if (reloaded >= 0) copies[reloaded] = thisCopy;
  else {
    copies.push(thisCopy);
    if (copies.length === 2) warnOfCopies(copies[0]!.file, file);
  }
}

function warnOfCopies(first: string, second: string): void {
  const warning = `[leash] two copies of leash's runtime are loaded, from ${first} and from ${second}. Each keeps its own registry and scopes, so a report, verifyNone or leash/vitest using one does not see what code using the other registered. ${ONE_COPY}`;
  if (typeof process === 'object' && process !== null && typeof process.emitWarning === 'function') process.emitWarning(warning, { code: 'LEASH_RUNTIME_COPIES' });
  else console.warn(warning);
}

/**
 * Where instrumented code ran, when it did not run through this copy: a sentence for the
 * "no instrumented code has run" message, or undefined when no other copy saw any.
 */
export function instrumentedElsewhere(): string | undefined {
  const others = copies.filter((copy) => copy !== thisCopy && copy.instrumented() > 0);
  if (others.length === 0) return undefined;
  const modules = others.reduce((sum, copy) => sum + copy.instrumented(), 0);
  return `${modules} instrumented module${modules === 1 ? '' : 's'} ran through another copy of leash's runtime (${others.map((copy) => copy.file).join(', ')}), not through this one (${file}), and a copy sees only what ran through it. ${ONE_COPY}`;
}
