/** The files a codemod run covers: given files as they are, directories searched for sources. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { glob } from 'tinyglobby';

const EXTENSIONS = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx'] as const;

/** Folders never searched inside a given directory: dependencies, build output, tool caches. */
const IGNORED_DIRS = ['node_modules', 'dist', 'build', 'out', 'coverage', '.git', '.next', '.nuxt', '.svelte-kit', '.turbo', '.cache', '.output'];

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

export async function collectFiles(paths: readonly string[], cwd: string): Promise<Collected> {
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
  return { files: [...files].sort(), errors };
}
