/**
 * When a codemod adds `import ... from 'leash'` (or a `require`) to a file, the nearest
 * package.json must list leash, or a published library fails with "Cannot find module 'leash'".
 * This adds it to `dependencies` (the import is in shipped code), or to `devDependencies` when
 * only test files import it, keeping the file's indentation and final newline; written atomically
 * like every file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const IMPORTS_LEASH = /(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*)(['"])leash\1/;

export function importsLeash(text: string): boolean {
  return IMPORTS_LEASH.test(text);
}

/** The nearest package.json above `file`, or null. */
export function nearestPackageJson(file: string): string | null {
  for (let d = path.dirname(file); ; d = path.dirname(d)) {
    const p = path.join(d, 'package.json');
    if (fs.existsSync(p)) return p;
    if (path.dirname(d) === d) return null;
  }
}

export type DependencyField = 'dependencies' | 'devDependencies';

/** The new text of a package.json with leash in `field`, or null when it already lists leash anywhere. */
export function withLeashDependency(text: string, range: string, field: DependencyField = 'dependencies'): string | null {
  const pkg = JSON.parse(text) as Record<string, unknown>;
  const lists = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];
  if (lists.some((k) => typeof pkg[k] === 'object' && pkg[k] !== null && 'leash' in (pkg[k] as object))) return null;
  if (pkg['name'] === 'leash') return null;
  const deps = { ...((pkg[field] as Record<string, string> | undefined) ?? {}), leash: range };
  pkg[field] = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));
  const indent = /^[ \t]+(?=")/m.exec(text)?.[0] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const out = JSON.stringify(pkg, null, indent).replace(/\n/g, eol);
  return text.endsWith('\n') ? `${out}${eol}` : out;
}
