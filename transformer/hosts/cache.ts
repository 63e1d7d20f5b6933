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
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
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
  read(key: string): CachedModule | undefined;
  /** Stores an answer (atomically: a reader sees the old entry or the new one). */
  write(key: string, module: CachedModule): void;
  /** A file changed (watch mode, dev server): the keys are computed again. */
  changed(): void;
}

const FORMAT = 1;
const sha = (...parts: readonly string[]): string => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
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

/** The cache folder for `projectRoot`, or undefined when the project has no node_modules (no place for it). */
export function cacheFolder(projectRoot: string): string | undefined {
  for (const dir of ancestors(projectRoot)) if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'leash');
  return undefined;
}

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
  /** Per file: its text hash and its dependencies, or null when one cannot be followed. */
  let files = new Map<string, { hash: string; deps: readonly string[] } | null>();
  /** Per file: the hash of everything it reaches (its component's), or null. */
  let reach = new Map<string, string | null>();
  const packages = new Map<string, boolean>();

  const isPackage = (name: string): boolean => {
    let known = packages.get(name);
    if (known === undefined) packages.set(name, (known = ancestors(projectRoot).some((dir) => existsSync(join(dir, 'node_modules', name)))));
    return known;
  };

  /** The project file a relative specifier names, as TypeScript would look for it. */
  const resolveRelative = (from: string, specifier: string): string | undefined => {
    const base = resolve(dirname(from), specifier);
    const swapped = base.replace(/\.([mc]?)js$/, '.$1ts').replace(/\.jsx$/, '.tsx');
    const candidates = [swapped, base.replace(/\.jsx$/, '.ts'), base, `${base}.ts`, `${base}.tsx`, `${base}.d.ts`, join(base, 'index.ts'), join(base, 'index.tsx'), join(base, 'index.d.ts')];
    return candidates.find((file) => statSync(file, { throwIfNoEntry: false })?.isFile() === true);
  };

  /** A file's own hash and what it imports from the project; null when an import cannot be followed. */
  const fileInfo = (file: string, text: string): { hash: string; deps: readonly string[] } | null => {
    const deps: string[] = [];
    for (const match of text.matchAll(SPECIFIER)) {
      const specifier = (match[2] ?? match[4] ?? match[6] ?? match[8]) as string;
      if (specifier.startsWith('.') || specifier.startsWith('/')) {
        const found = resolveRelative(file, specifier);
        if (found === undefined) return null;
        if (!/[\\/]node_modules[\\/]/.test(found)) deps.push(found);
        continue;
      }
      const bare = specifier.replace(/^node:/, '');
      if (specifier.startsWith('node:') || builtinModules.includes(bare.split('/')[0] as string)) continue;
      const name = bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : (bare.split('/')[0] as string);
      if (!isPackage(name)) return null;
    }
    return { hash: sha(file, text), deps };
  };

  const infoOf = (file: string): { hash: string; deps: readonly string[] } | null => {
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
      if (infos.every((info) => info !== null)) {
        const inside = new Set(members);
        const outside = [...new Set(infos.flatMap((info) => info.deps).filter((dep) => !inside.has(dep)))].map((dep) => reach.get(dep) ?? null);
        if (outside.every((part) => part !== null)) hash = sha(...infos.map((info) => info.hash).sort(), ...(outside as string[]).sort());
      }
      for (const each of members) reach.set(each, hash);
    };
    visit(start);
    return reach.get(start) ?? null;
  };

  return {
    keyOf(fileName, code) {
      const own = fileInfo(fileName, code);
      if (own === null) return undefined;
      const reached = own.deps.map(reachOf);
      if (reached.some((part) => part === null)) return undefined;
      build_ ??= buildKey();
      return sha(build_, own.hash, ...(reached as string[]).sort());
    },
    read(key) {
      const text = readText(join(folder, key.slice(0, 2), `${key}.json`));
      if (text === undefined) return undefined;
      try {
        const entry = JSON.parse(text) as CachedModule & { format?: number };
        return entry.format === FORMAT ? { output: entry.output, warnings: entry.warnings } : undefined;
      } catch {
        return undefined; // a torn or foreign file: planned again, and rewritten
      }
    },
    write(key, module) {
      const dir = join(folder, key.slice(0, 2));
      try {
        mkdirSync(dir, { recursive: true });
        const file = join(dir, `${key}.json`);
        const temp = `${file}.${process.pid}.tmp`;
        writeFileSync(temp, JSON.stringify({ format: FORMAT, ...module }));
        renameSync(temp, file);
      } catch {
        // A read-only or full disk: the build goes on, the next one plans again.
      }
    },
    changed() {
      build_ = undefined;
      files = new Map();
      reach = new Map();
    },
  };
}
