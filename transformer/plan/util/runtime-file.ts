/**
 * Whether a file belongs to leash's own runtime (`runtime/` or `dist/runtime/` of the package
 * named `leash`): calls that resolve there are leash's API and never rewritten, and the runtime's
 * own files are never instrumented.
 */

/** Reads a file, or undefined when it does not exist (ts.sys.readFile). */
export type ReadFile = (path: string) => string | undefined;

export function createRuntimeFileTest(readFile: ReadFile): (fileName: string) => boolean {
  const packageByDir = new Map<string, { dir: string; name: string | null } | null>();

  /** The nearest package.json at or above `dir`: its folder and name. */
  function packageOf(dir: string): { dir: string; name: string | null } | null {
    const cached = packageByDir.get(dir);
    if (cached !== undefined) return cached;
    const text = readFile(`${dir}/package.json`);
    const parent = dir.slice(0, dir.lastIndexOf('/'));
    const found = text !== undefined ? { dir, name: parsePackageName(text) } : parent !== '' && parent !== dir ? packageOf(parent) : null;
    packageByDir.set(dir, found);
    return found;
  }

  return (fileName) => {
    const path = toSlashes(fileName);
    if (!/\/runtime\/[^/]+$/.test(path)) return false;
    const found = packageOf(path.slice(0, path.lastIndexOf('/')));
    if (found === null || found.name !== 'leash') return false;
    const inside = path.slice(found.dir.length + 1);
    return inside.startsWith('runtime/') || inside.startsWith('dist/runtime/');
  };
}

function parsePackageName(text: string): string | null {
  try {
    const name = (JSON.parse(text) as { name?: unknown }).name;
    return typeof name === 'string' ? name : null;
  } catch {
    return null;
  }
}

export function toSlashes(path: string): string {
  return path.replace(/\\/g, '/');
}
