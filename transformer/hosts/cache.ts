/**
 * The bundler plugins' module cache on disk (`node_modules/.cache/leash/` of the project): what
 * leash made of a module (its output, or "nothing to change", and what it warned about it),
 * so a second build reuses it without starting a type checker at all. A bundler does not
 * type-check, so a cold build's checker is most of leash's cost; the warm build is what a user
 * sees again and again (dev server restarts, CI with a kept cache).
 *
 * A module's answer depends on its text and on the types it imports, so its key is a hash of:
 * - the build: leash itself (its version and its built plugin's size and time), the project's TypeScript version, the
 *   plugin's options, the tsconfig (and a relative `extends`), the nearest package.json and
 *   lockfile (which pin every installed package and its types), every `.d.ts` in the project
 *   (global declarations are imported by nobody);
 * - the module: its path, its text, and every project file it reaches through relative
 *   imports, each by content (the import graph hashed by strongly connected components, so a
 *   cycle is one unit and a change anywhere it reaches changes the key).
 * A module whose imports cannot all be followed (a bare name that is no installed package, as
 * with tsconfig `paths`; a relative import of a missing file) gets no key: it is planned each build.
 *
 * Cheap when warm (a warm build's whole cost beside the bundler's): every project file is read and
 * hashed once per build (the text a bundler gives is matched against it), folders are listed once
 * instead of a `stat` per import, and the entries live in one index file per build key (per
 * module path its last few versions: switching back to a branch finds them), read once and
 * written once at the end of a build (or a second after the last new entry, for a dev server that
 * never ends its build, or when the process exits first) instead of one file per module.
 */
import * as crypto from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { globSync } from 'tinyglobby';
import type { EncodedMap } from '../emit/text';

/** What a module became: its output (none: left unchanged) and the warnings leash gave for it. */
export interface CachedModule {
  readonly output: { readonly code: string; readonly map: EncodedMap } | undefined;
  readonly warnings: readonly string[];
}

export interface ModuleCache {
  /** The module's key, or undefined when its imports cannot all be followed. */
  keyOf(fileName: string, code: string): string | undefined;
  /** The answer stored for this file (given as `code`) under this key (an entry under another key is stale). */
  read(fileName: string, key: string, code: string): CachedModule | undefined;
  /** Stores the answer for the file given as `code` (on disk at the next `flush`). */
  write(fileName: string, key: string, code: string, module: CachedModule): void;
  /** Writes the new answers to the index file (atomically: a reader sees the old index or the new one). */
  flush(): void;
  /** A file changed (watch mode, dev server): the keys are computed again. */
  changed(): void;
}

/** 2: one index file per build key (1: one file per module). */
const FORMAT = 2;
/** An index file of another build key not written for this long is removed when an index is written. */
const STALE_INDEX_MS = 24 * 60 * 60 * 1000;
/** Versions kept per module path (the newest first). */
const VERSIONS = 4;
/** A dev server may never end its build: new entries are written this long after the last one. */
const FLUSH_DELAY_MS = 1000;
/** Caches with entries not yet on disk: written when the process exits first (a test runner closing without ending the build). */
const unwritten = new Set<() => void>();
let flushesAtExit = false;

const oneShot = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;
/** SHA-256 of the parts, one call (Node's one-shot `crypto.hash` where present: no Hash object per key). */
export const sha = (...parts: readonly string[]): string => {
  const data = parts.join('\0');
  return oneShot !== undefined ? oneShot('sha256', data) : crypto.createHash('sha256').update(data).digest('hex');
};
const readText = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

const LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', join('node_modules', '.package-lock.json')];

/** Specifiers in a module's text: static and dynamic imports, re-exports, `require`, `/// <reference path>`. */
const SPECIFIER = /\bfrom\s*(['"])([^'"\n]+)\1|\bimport\s*(?:\(\s*)?(['"])([^'"\n]+)\3|\brequire\s*\(\s*(['"])([^'"\n]+)\5|\/\/\/\s*<reference\s+path\s*=\s*(['"])([^'"\n]+)\7/g;

/** leash's version and its built bundler plugin's size and time: a rebuilt leash plans again. */
function leashIdentity(): string {
  try {
    const manifest = require.resolve('leash/package.json');
    const plugin = statSync(join(dirname(manifest), 'dist', 'transformer', 'hosts', 'unplugin.mjs'), { throwIfNoEntry: false });
    return `${(JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version}:${plugin?.size ?? 0}:${plugin?.mtimeMs ?? 0}`;
  } catch {
    return 'unknown';
  }
}

/** `dir` and each folder above it, up to the file system's root: where Node and TypeScript look for what a project has. */
export function ancestors(dir: string): string[] {
  const out = [dir];
  while (dirname(dir) !== dir) out.push((dir = dirname(dir)));
  return out;
}

/** The cache folder for a project root, or undefined when the project has no node_modules (no place for it); the runtime finds the build's record of looked-at files the same way. */
export { cacheFolder } from '../../runtime/looked';

/**
 * A cache for one project. `build` names what else decides the output (leash's options, the
 * TypeScript version); the project's own inputs are read here.
 */
export function createModuleCache(folder: string, projectRoot: string, tsconfig: string | undefined, build: string): ModuleCache {
  const buildKey = (): string => {
    const parts = [String(FORMAT), build, leashIdentity()];
    if (tsconfig !== undefined) {
      const text = readText(tsconfig) ?? '';
      parts.push(tsconfig, text);
      const extended = /"extends"\s*:\s*"(\.[^"]+)"/.exec(text);
      if (extended !== null) parts.push(readText(resolve(dirname(tsconfig), extended[1] as string)) ?? 'missing');
    }
    for (const dir of ancestors(projectRoot)) {
      const manifest = readText(join(dir, 'package.json'));
      const lock = LOCKFILES.map((name) => readText(join(dir, name))).find((text) => text !== undefined);
      if (manifest !== undefined) parts.push(manifest);
      if (lock !== undefined) {
        parts.push(lock);
        break;
      }
    }
    for (const file of globSync('**/*.d.{ts,mts,cts}', { cwd: projectRoot, ignore: ['**/node_modules/**'], absolute: true }).sort()) parts.push(file, readText(file) ?? '');
    return sha(...parts);
  };

  let build_: string | undefined;
  /** Per file: its text, the text's hash and its dependencies (null deps: one cannot be followed); null: unreadable. */
  let files = new Map<string, FileInfo | null>();
  /** Per folder: its entries, `true` for a file (listed once per build instead of a stat per import). */
  let folders = new Map<string, ReadonlyMap<string, boolean>>();
  /** Per file: the hash of everything it reaches (its component's), or null. */
  let reach = new Map<string, string | null>();
  const packages = new Map<string, boolean>();

  const isPackage = (name: string): boolean => {
    let known = packages.get(name);
    if (known === undefined) packages.set(name, (known = ancestors(projectRoot).some((dir) => existsSync(join(dir, 'node_modules', name)))));
    return known;
  };

  /** The folder's entries (a symbolic link counts as what it points to); empty when it cannot be listed. */
  const listing = (dir: string): ReadonlyMap<string, boolean> => {
    let entries = folders.get(dir);
    if (entries === undefined) {
      const found = new Map<string, boolean>();
      try {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          found.set(entry.name, entry.isSymbolicLink() ? statSync(join(dir, entry.name), { throwIfNoEntry: false })?.isFile() === true : entry.isFile());
        }
      } catch {
        // not a folder, or unreadable: no entries
      }
      folders.set(dir, (entries = found));
    }
    return entries;
  };
  const isFile = (file: string): boolean => listing(dirname(file)).get(basename(file)) === true;

  /** The project file a relative specifier names, as TypeScript would look for it. */
  const resolveRelative = (from: string, specifier: string): string | undefined => {
    const base = resolve(dirname(from), specifier);
    // Candidates in TypeScript's order, built only as far as needed (path joins show in a warm build's profile).
    const candidates = function* (): Generator<string> {
      yield base.replace(/\.([mc]?)js$/, '.$1ts').replace(/\.jsx$/, '.tsx');
      yield base.replace(/\.jsx$/, '.ts');
      yield base;
      for (const extension of ['.ts', '.tsx', '.d.ts']) yield base + extension;
      for (const index of ['index.ts', 'index.tsx', 'index.d.ts']) yield join(base, index);
    };
    for (const file of candidates()) if (isFile(file)) return file;
    // The listing answers by exact name; a case-insensitive file system may still find it by stat.
    for (const file of candidates()) if (statSync(file, { throwIfNoEntry: false })?.isFile() === true) return file;
    return undefined;
  };

  /** A file's own hash and what it imports from the project (null: an import cannot be followed). */
  const fileInfo = (file: string, text: string): FileInfo => {
    const info = { text, hash: sha(file, text) };
    const deps: string[] = [];
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = (match[2] ?? match[4] ?? match[6] ?? match[8]) as string;
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const found = resolveRelative(file, specifier);
        if (found === undefined) return { ...info, deps: null };
        if (!/[\\/]node_modules[\\/]/.test(found)) deps.push(found);
        continue;
      }
      const bare = specifier.replace(/^node:/, '');
      if (specifier.startsWith('node:') || builtinModules.includes(bare.split('/')[0] as string)) continue;
      const name = bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : (bare.split('/')[0] as string);
      if (!isPackage(name)) return { ...info, deps: null };
    }
    return { ...info, deps };
  };

  /** The file's info from disk, once per build; null when it cannot be read. */
  const infoOf = (file: string): FileInfo | null => {
    let info = files.get(file);
    if (info === undefined) {
      const text = readText(file);
      info = text === undefined ? null : fileInfo(file, text);
      files.set(file, info);
    }
    return info;
  };

  /** Tarjan's components over the import graph from `start`; each component's hash covers its members' texts and the components it reaches. */
  const reachOf = (start: string): string | null => {
    const known = reach.get(start);
    if (known !== undefined) return known;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    let counter = 0;
    const visit = (file: string): void => {
      index.set(file, counter);
      low.set(file, counter++);
      stack.push(file);
      onStack.add(file);
      for (const dep of infoOf(file)?.deps ?? []) {
        if (reach.has(dep)) continue;
        if (!index.has(dep)) {
          visit(dep);
          low.set(file, Math.min(low.get(file) as number, low.get(dep) as number));
        } else if (onStack.has(dep)) {
          low.set(file, Math.min(low.get(file) as number, index.get(dep) as number));
        }
      }
      if (low.get(file) !== index.get(file)) return;
      const members: string[] = [];
      let member: string;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        members.push(member);
      } while (member !== file);
      const infos = members.map(infoOf);
      let hash: string | null = null;
      if (infos.every((info): info is FileInfo & { deps: readonly string[] } => info !== null && info.deps !== null)) {
        const inside = new Set(members);
        const outside = [...new Set(infos.flatMap((info) => info.deps).filter((dep) => !inside.has(dep)))].map((dep) => reach.get(dep) ?? null);
        if (outside.every((part) => part !== null)) hash = sha(...infos.map((info) => info.hash).sort(), ...(outside as string[]).sort());
      }
      for (const each of members) reach.set(each, hash);
    };
    visit(start);
    return reach.get(start) ?? null;
  };

  // --- the index: one file per build key, one entry per module path ---
  let index: Map<string, readonly IndexEntry[]> | undefined;
  /** Entries written in this session (since the last flush), by path, the newest first. */
  let written = new Map<string, IndexEntry[]>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const indexFile = (): string => join(folder, `index-${(build_ ??= buildKey()).slice(0, 32)}.json`);
  const relative = (fileName: string): string => {
    const path = fileName.replace(/\\/g, '/');
    const prefix = `${projectRoot.replace(/\\/g, '/').replace(/\/$/, '')}/`;
    return path.startsWith(prefix) ? path.slice(prefix.length) : path;
  };
  const loadIndex = (): Map<string, readonly IndexEntry[]> => {
    const text = readText(indexFile());
    if (text !== undefined) {
      try {
        const parsed = JSON.parse(text) as { format?: number; modules?: Record<string, readonly IndexEntry[]> };
        if (parsed.format === FORMAT && parsed.modules !== undefined) return new Map(Object.entries(parsed.modules));
      } catch {
        // a torn or foreign file: every module is planned again, and the index rewritten
      }
    }
    return new Map();
  };

  const flush = (): void => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    unwritten.delete(flush);
    if (written.size === 0) return;
    const file = indexFile();
    // Another build may have written the index since it was read: its entries stay, ours win.
    const merged = loadIndex();
    for (const [path, entries] of written) {
      const keys = new Set(entries.map((entry) => entry.key));
      merged.set(path, [...entries, ...(merged.get(path) ?? []).filter((entry) => !keys.has(entry.key))].slice(0, VERSIONS));
    }
    written = new Map();
    index = merged;
    for (const path of merged.keys()) if (!isFile(resolve(projectRoot, path))) merged.delete(path); // a deleted module's entry
    try {
      mkdirSync(folder, { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify({ format: FORMAT, modules: Object.fromEntries(merged) }));
      renameSync(temp, file);
      removeStaleIndexes(folder, file);
    } catch {
      // A read-only or full disk: the build goes on, the next one plans again.
    }
  };

  return {
    keyOf(fileName, code) {
      // The text the bundler gives is usually the file on disk, already read as another module's import.
      const known = files.get(fileName);
      const own = known != null && known.text === code ? known : fileInfo(fileName, code);
      if (own.deps === null) return undefined;
      const reached = own.deps.map(reachOf);
      if (reached.some((part) => part === null)) return undefined;
      build_ ??= buildKey();
      return sha(build_, own.hash, ...(reached as string[]).sort());
    },
    read(fileName, key, code) {
      index ??= loadIndex();
      const path = relative(fileName);
      const entry = written.get(path)?.find((each) => each.key === key) ?? index.get(path)?.find((each) => each.key === key);
      if (entry === undefined) return undefined;
      const { output, warnings } = entry;
      // The map's sourcesContent was the module's text, left out of the index (a fifth of its size).
      if (output === undefined || output.map.sourcesContent !== undefined) return { output, warnings };
      return { output: { code: output.code, map: { ...output.map, sourcesContent: [code] } }, warnings };
    },
    write(fileName, key, code, { output, warnings }) {
      const path = relative(fileName);
      const entries = written.get(path) ?? [];
      const content = output?.map.sourcesContent;
      const stored = output !== undefined && content?.length === 1 && content[0] === code ? { code: output.code, map: { ...output.map, sourcesContent: undefined } } : output;
      written.set(path, [{ key, output: stored, warnings }, ...entries.filter((entry) => entry.key !== key)].slice(0, VERSIONS));
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(flush, FLUSH_DELAY_MS);
      timer.unref?.();
      unwritten.add(flush);
      if (!flushesAtExit) {
        flushesAtExit = true;
        process.once('exit', () => {
          for (const each of [...unwritten]) each();
        });
      }
    },
    flush,
    changed() {
      build_ = undefined;
      files = new Map();
      folders = new Map();
      reach = new Map();
      index = undefined;
    },
  };
}

interface FileInfo {
  readonly text: string;
  readonly hash: string;
  /** null: an import cannot be followed. */
  readonly deps: readonly string[] | null;
}

interface IndexEntry extends CachedModule {
  readonly key: string;
}

/**
 * Removes the index files of other build keys not written for a day (an older leash, other
 * options), and the folders of format 1 (a file per module in `<2 hex digits>/`).
 */
function removeStaleIndexes(folder: string, keep: string): void {
  for (const name of readdirSync(folder)) {
    const file = join(folder, name);
    if (/^[0-9a-f]{2}$/.test(name)) {
      rmSync(file, { recursive: true, force: true });
      continue;
    }
    if (file === keep || !/^index-[0-9a-f]+\.json$/.test(name)) continue;
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat !== undefined && Date.now() - stat.mtimeMs > STALE_INDEX_MS) unlinkSync(file);
  }
}
