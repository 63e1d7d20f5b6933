/** The files a codemod run covers: given files as they are, directories searched for sources, minus --exclude. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { glob } from 'tinyglobby';

const EXTENSIONS = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx'] as const;

/** Folders never searched inside a given directory: dependencies, build output, tool caches. */
const IGNORED_DIRS = ['node_modules', 'dist', 'build', 'out', 'coverage', '.git', '.next', '.nuxt', '.svelte-kit', '.turbo', '.cache', '.output'];

/**
 * Test files and folders, which thread-signal leaves alone unless asked (--include-tests): a test
 * calls without a signal on purpose, asserts exact arguments (`toHaveBeenCalledWith(a, b)`), and
 * has no caller to take a signal from.
 */
export const TEST_GLOBS = [
  '**/*.{test,spec,bench,test-d}.{ts,tsx,mts,cts,js,jsx,mjs,cjs}',
  '**/{test,tests,__tests__,__mocks__,test-d,e2e,fixtures,__fixtures__,__testfixtures__}/**',
];

const SOURCE = new RegExp(`\\.(${EXTENSIONS.join('|')})$`);
const DECLARATION = /\.d\.(c|m)?ts$/;

function isSourceFile(file: string): boolean {
  return SOURCE.test(file) && !DECLARATION.test(file);
}

export interface Collected {
  files: string[];
  /** One line per path that does not exist or is not a source file. */
  errors: string[];
}

/** `paths` searched for sources; `exclude`: globs relative to `cwd` whose files are left out. */
export async function collectFiles(paths: readonly string[], cwd: string, exclude: readonly string[] = []): Promise<Collected> {
  const files = new Set<string>();
  const errors: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      errors.push(`${p}: no such file or directory`);
      continue;
    }
    if (stat.isDirectory()) {
      const found = await glob(`**/*.{${EXTENSIONS.join(',')}}`, {
        cwd: abs,
        absolute: true,
        ignore: IGNORED_DIRS.map((d) => `**/${d}/**`),
        followSymbolicLinks: false,
      });
      for (const f of found) if (isSourceFile(f)) files.add(path.normalize(f));
    } else if (isSourceFile(abs)) {
      files.add(abs);
    } else {
      errors.push(`${p}: not a source file (expected ${EXTENSIONS.map((e) => `.${e}`).join(', ')}; declaration files are skipped)`);
    }
  }
  const excluded = exclude.length ? await matching([...files], cwd, exclude) : new Set<string>();
  return { files: [...files].filter((f) => !excluded.has(f)).sort(), errors };
}

/** The subset of `files` that `globs` match: globs starting with `**` anywhere under the files, others relative to `cwd`. */
export async function matching(files: readonly string[], cwd: string, globs: readonly string[]): Promise<Set<string>> {
  if (files.length === 0 || globs.length === 0) return new Set();
  // Globs starting with `**` walk only the folder that holds all the files.
  const base = files.reduce((dir, f) => {
    while (!f.startsWith(dir + path.sep) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    return dir;
  }, path.dirname(files[0]!));
  const options = { absolute: true, dot: true, ignore: IGNORED_DIRS.map((d) => `**/${d}/**`), followSymbolicLinks: false };
  const anywhere = globs.filter((g) => g.startsWith('**/'));
  // A plain folder name means everything under it.
  const relative = globs.filter((g) => !g.startsWith('**/')).flatMap((g) => (/[*?{[]/.test(g) ? [g] : [g, `${g.replace(/\/$/, '')}/**`]));
  const found = [
    ...(anywhere.length ? await glob(anywhere, { ...options, cwd: base }) : []),
    ...(relative.length ? await glob(relative, { ...options, cwd }) : []),
  ];
  const wanted = new Set(files);
  return new Set(found.map((f) => path.normalize(f)).filter((f) => wanted.has(f)));
}
