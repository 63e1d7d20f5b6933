#!/usr/bin/env node
/**
 * The real-repository cache: pinned trees of open-source projects that leash's real-code harnesses
 * (test:real, test:real-codemods, the emit corpus) run on. Their code is never committed here; a
 * session that fetched a repository adds the pinned commit's tree to a cache in the user's home,
 * and every harness asks this module for a fresh copy. A harness whose repository is not cached
 * says so ("not run: ...") instead of passing.
 *
 *   node test/real/cache.mjs add <git-dir> <owner/name> <commit> [path ...]
 *                                                 copy that commit's tree in (only those paths, when
 *                                                 named: a snapshot that lacks its largest files)
 *   node test/real/cache.mjs list                                 what is cached
 *
 * The cache lives in $LEASH_REAL_CACHE, else $XDG_CACHE_HOME/leash/real, else ~/.cache/leash/real.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const cacheRoot = process.env.LEASH_REAL_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'leash', 'real');

/** Folder of one cached tree: `<owner>+<name>@<commit>`. */
export function cachedTree(repo, commit) {
  checkArguments(repo, commit);
  return join(cacheRoot, `${repo.replace('/', '+')}@${commit}`);
}

/**
 * A fresh, writable copy of `repo` at `commit` in a new temporary folder: `{ dir }`, or
 * `{ missing }` with a sentence saying it is not cached and how to add it. `into` names the
 * folder to copy to instead (it must not exist yet).
 */
export function checkout(repo, commit, into) {
  const tree = cachedTree(repo, commit);
  if (!existsSync(join(tree, '.leash-complete'))) {
    return {
      missing: `not run: ${repo}@${commit.slice(0, 12)} is not in the real-repository cache (${cacheRoot}); fetch the repository and run: node test/real/cache.mjs add <its git dir> ${repo} ${commit}`,
    };
  }
  const dir = into ?? mkdtempSync(join(tmpdir(), `leash-real-${repo.replace('/', '+')}-`));
  cpSync(tree, dir, { recursive: true, filter: (source) => !source.endsWith('.leash-complete') });
  return { dir };
}

/**
 * Copies `commit`'s tree out of a git directory into the cache, or only `paths` in it (a monorepo
 * whose snapshot lacks large files the suite never reads); a complete copy is never redone.
 */
export function add(gitDir, repo, commit, paths = []) {
  const tree = cachedTree(repo, commit);
  if (existsSync(join(tree, '.leash-complete'))) return tree;
  const full = execFileSync('git', ['--git-dir', gitDir, 'rev-parse', '--verify', `${commit}^{commit}`], { encoding: 'utf8' }).trim();
  if (!full.startsWith(commit)) throw new Error(`${commit} resolves to ${full}: pin the full 40-character commit`);
  mkdirSync(cacheRoot, { recursive: true });
  const part = `${tree}.part`;
  rmSync(part, { recursive: true, force: true });
  mkdirSync(part, { recursive: true });
  const archive = execFileSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', full, ...(paths.length > 0 ? ['--', ...paths] : [])], { maxBuffer: 1 << 30 });
  execFileSync('tar', ['-x', '-C', part], { input: archive, maxBuffer: 1 << 30 });
  writeFileSync(join(part, '.leash-complete'), `${repo}@${full}${paths.length > 0 ? ` ${paths.join(' ')}` : ''}\n`);
  rmSync(tree, { recursive: true, force: true });
  renameSync(part, tree); // atomic: a harness never sees a half-copied tree
  return tree;
}

/** `[{ repo, commit }]` for every complete tree in the cache. */
export function list() {
  if (!existsSync(cacheRoot)) return [];
  return readdirSync(cacheRoot)
    .filter((entry) => existsSync(join(cacheRoot, entry, '.leash-complete')))
    .map((entry) => {
      const at = entry.lastIndexOf('@');
      return { repo: entry.slice(0, at).replace('+', '/'), commit: entry.slice(at + 1) };
    });
}

function checkArguments(repo, commit) {
  if (typeof repo !== 'string' || !/^[\w.-]+\/[\w.-]+$/.test(repo)) throw new TypeError(`Expected repo as "owner/name", got ${JSON.stringify(repo)}`);
  if (typeof commit !== 'string' || !/^[0-9a-f]{40}$/.test(commit)) throw new TypeError(`Expected a full 40-character commit hash, got ${JSON.stringify(commit)}`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [command, ...rest] = process.argv.slice(2);
  try {
    if (command === 'add' && rest.length >= 3) {
      console.log(`cached ${rest[1]}@${rest[2]}${rest.length > 3 ? ` (${rest.slice(3).join(', ')})` : ''} in ${add(rest[0], rest[1], rest[2], rest.slice(3))}`);
    } else if (command === 'list' && rest.length === 0) {
      const trees = list();
      if (trees.length === 0) console.log(`the real-repository cache (${cacheRoot}) is empty`);
      for (const { repo, commit } of trees) console.log(`${repo}@${commit}`);
    } else {
      console.error('usage: node test/real/cache.mjs add <git-dir> <owner/name> <commit> [path ...]\n       node test/real/cache.mjs list');
      process.exitCode = 2;
    }
  } catch (error) {
    console.error(`test/real/cache: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
