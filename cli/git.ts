/** The dirty-tree check: a codemod must be reviewable and revertible with git. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Uncommitted or untracked files under `paths`, as `git status --porcelain` lines. Paths outside
 * a git work tree (or without git installed) are not checked.
 */
export function uncommittedChanges(paths: readonly string[], cwd: string): string[] {
  const lines = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    const dir = fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
    const res = spawnSync('git', ['status', '--porcelain', '--untracked-files=all', '--', abs], { cwd: dir, encoding: 'utf8' });
    if (res.error || res.status !== 0) continue;
    for (const line of res.stdout.split('\n')) if (line.trim()) lines.add(line);
  }
  return [...lines];
}
