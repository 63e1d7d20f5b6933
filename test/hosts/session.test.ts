// The bundler plugins' session, in process: options checked up front, one notice per build when
// there is no TypeScript to read types with, and the text the bundler gives is what gets planned.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { hostFactory } from '../../transformer/hosts/plugin';
import { createHostSession, type LeashPluginOptions } from '../../transformer/hosts/session';
import { REPO } from '../transformer/harness';

const root = mkdtempSync(join(tmpdir(), 'leash-session-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A project folder with a tsconfig, and typescript and leash linked into its node_modules. */
function project(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(REPO, 'node_modules/typescript'), join(dir, 'node_modules/typescript'), 'dir');
  symlinkSync(REPO, join(dir, 'node_modules/leash'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  const compilerOptions = { target: 'es2022', module: 'nodenext', strict: true, skipLibCheck: true, types: ['node'], typeRoots: [join(REPO, 'node_modules/@types')] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

describe('options', () => {
  test('a misspelt option fails at once, naming the valid ones', () => {
    expect(() => createHostSession('leash/vite', { mdoe: 'track' } as never, root)).toThrow(/^\[leash\] leash\/vite: unknown option `mdoe`. Valid options: mode, include, exclude, .*/);
  });
  test('a bad value says what was expected and what came', () => {
    expect(() => createHostSession('leash/esbuild', { mode: 'watch' } as never, root)).toThrow('[leash] leash/esbuild: option `mode` must be "bind" or "track", got "watch".');
    expect(() => createHostSession('leash/esbuild', { tsconfig: 1 } as never, root)).toThrow(/option `tsconfig` must be a path to a tsconfig.json, got 1/);
  });
});

test('without TypeScript nothing is instrumented, and the build is told once', () => {
  const dir = join(root, 'no-ts');
  mkdirSync(dir);
  const session = createHostSession('leash/rollup', {}, dir);
  const warnings: string[] = [];
  const warn = (message: string): number => warnings.push(message);
  expect(session.transform('setTimeout(() => {}, 1);', join(dir, 'a.ts'), warn)).toBeUndefined();
  expect(session.transform('setInterval(() => {}, 1);', join(dir, 'b.ts'), warn)).toBeUndefined();
  expect(warnings).toEqual([expect.stringMatching(/^\[leash\] leash\/rollup: no TypeScript found from .*, so nothing was instrumented .*npm i -D typescript/)]);
  session.startBuild();
  session.transform('setTimeout(() => {}, 1);', join(dir, 'a.ts'), warn);
  expect(warnings).toHaveLength(2);
});

describe('the planned text is the text the bundler gave', () => {
  const dir = project('fresh', { 'src/a.ts': 'export function idle(): void {}\n' });
  const file = join(dir, 'src/a.ts');
  const session = createHostSession('leash/vite', { mode: 'track' }, dir);
  const noWarnings = (message: string): never => {
    throw new Error(`unexpected warning: ${message}`);
  };

  test('text that differs from the disk is re-read before planning', () => {
    const out = session.transform('export function poll(): void {\n  setInterval(() => {}, 10);\n}\n', `${file}?v=2`, noWarnings);
    expect(out?.code).toBe('import * as leash_1 from "leash/hooks"; leash_1.useMode("track"); export function poll(): void {\n  leash_1.setInterval("src/a.ts:2:3 poll", () => {}, 10);\n}\n');
  });

  test('after a change event the file is read again', () => {
    writeFileSync(file, 'export function later(): void {\n  setTimeout(() => {}, 10);\n}\n');
    session.changed(file);
    const out = session.transform('export function later(): void {\n  setTimeout(() => {}, 10);\n}\n', file, noWarnings);
    expect(out?.code).toContain('leash_1.setTimeout("src/a.ts:2:3 later", () => {}, 10);');
    expect(session.transform('export function idle(): void {}\n', file, noWarnings)).toBeUndefined();
  });

  test('a file outside `include` is left alone', () => {
    const only = createHostSession('leash/vite', { include: ['lib/**'] }, dir);
    expect(only.transform('setTimeout(() => {}, 10);\n', file, noWarnings)).toBeUndefined();
  });
});

describe("leash/vitest's mark: the runtime in another process learns which modules leash looked at", () => {
  const MARK = 'globalThis.looked?.();';
  const dir = project('marked', {
    'src/pure.ts': 'export const area = (w: number, h: number): number => w * h;\n',
    'src/poll.ts': 'export function poll(): void {\n  setInterval(() => {}, 10);\n}\n',
    'src/vendor.ts': 'export const id = (x: number): number => x;\n',
  });

  /** The plugin's transform hook, as Vite calls it: the output's code, null for "unchanged", and the warnings. */
  function transformAll(options: LeashPluginOptions, root = dir): { outputs: Record<string, string | null>; warnings: string[] } {
    const plugin = hostFactory({ lookedMark: MARK })(options, { framework: 'vite' } as never) as unknown as {
      transform: { handler(this: unknown, code: string, id: string): { code: string; map: unknown } | null };
      vite: { configResolved(config: { root: string }): void };
    };
    plugin.vite.configResolved({ root });
    const warnings: string[] = [];
    const context = { warn: (message: string) => warnings.push(message) };
    const outputs: Record<string, string | null> = {};
    for (const file of ['src/pure.ts', 'src/poll.ts', 'src/vendor.ts']) {
      const code = readFileSync(join(dir, file), 'utf8');
      outputs[file] = plugin.transform.handler.call(context, code, join(root, file))?.code ?? null;
    }
    return { outputs, warnings };
  }

  test('a module planned with nothing to rewrite gets the mark after its last line; a rewritten one does not need it', () => {
    const { outputs, warnings } = transformAll({ mode: 'track', cache: false, exclude: ['src/vendor.ts'] });
    expect(warnings).toEqual([]);
    expect(outputs['src/pure.ts']).toBe(`export const area = (w: number, h: number): number => w * h;\n\n${MARK}\n`);
    expect(outputs['src/poll.ts']).toContain('leash_1.useMode("track");');
    expect(outputs['src/poll.ts']).not.toContain(MARK);
    // `exclude`: leash was told not to look, so it must not say it did.
    expect(outputs['src/vendor.ts']).toBeNull();
  });

  test('with every rule off, or no TypeScript to plan with, no module is marked', () => {
    const off = transformAll({ cache: false, timers: false, listeners: false, tasks: false, signals: false, cancelAtAwait: false, callerSites: false, ownership: false } as LeashPluginOptions);
    expect(off.outputs).toEqual({ 'src/pure.ts': null, 'src/poll.ts': null, 'src/vendor.ts': null });
    const bare = join(root, 'marked-no-ts');
    mkdirSync(join(bare, 'src'), { recursive: true });
    const none = transformAll({ cache: false }, bare);
    expect(none.outputs).toEqual({ 'src/pure.ts': null, 'src/poll.ts': null, 'src/vendor.ts': null });
    expect(none.warnings).toEqual([expect.stringMatching(/no TypeScript found/)]);
  });
});

describe('a module whose folder cannot load leash: a workspace package beside the project that does not depend on it', () => {
  const app = project('workspace-app', { 'src/main.ts': "import { later } from '../../workspace-lib/src/sleep.ts';\nexport function tick(): void {\n  setInterval(() => later(() => {}), 10);\n}\n" });
  const main = join(app, 'src/main.ts');
  const lib = join(root, 'workspace-lib');
  mkdirSync(join(lib, 'src'), { recursive: true });
  const sleep = join(lib, 'src/sleep.ts');
  const sleepCode = 'export function later(fn: () => void): void {\n  setTimeout(fn, 10);\n}\n';
  writeFileSync(sleep, sleepCode);
  const poll = join(lib, 'src/poll.ts');
  const pollCode = 'export function poll(): void {\n  setInterval(() => {}, 10);\n}\n';
  writeFileSync(poll, pollCode);

  test('is left as written (its import of leash/hooks would fail the build), and the build is told once, with what to do', () => {
    for (const cache of [false, true]) {
      const session = createHostSession('leash/vite', { cache }, app);
      const warnings: string[] = [];
      const warn = (message: string): number => warnings.push(message);
      for (let build = 1; build <= 2; build++) {
        session.startBuild();
        expect(session.answer(sleepCode, sleep, warn)).toEqual({ output: undefined, looked: false });
        expect(session.transform(pollCode, poll, warn)).toBeUndefined();
        // the project's own modules are instrumented as ever
        expect(session.answer(readFileSync(main, 'utf8'), main, warn).output?.code).toContain('leash_1.setInterval("src/main.ts:3:3 tick"');
        session.dispose();
      }
      expect(warnings).toEqual([1, 2].map(() => '[leash] leash/vite: ../workspace-lib/src/sleep.ts is left as written, as is every module whose folder cannot resolve "leash/hooks" (a workspace package beside the project that does not depend on leash): instrumented, it would import a runtime it cannot load. Add leash to the workspace root\'s devDependencies, or to that package\'s, to instrument them.'));
    }
  });

  test('once leash resolves from there (installed where that package finds it), it is instrumented', () => {
    mkdirSync(join(lib, 'node_modules'));
    symlinkSync(REPO, join(lib, 'node_modules/leash'), 'dir');
    try {
      const session = createHostSession('leash/vite', { cache: false }, app);
      const warn = (message: string): never => {
        throw new Error(`unexpected warning: ${message}`);
      };
      expect(session.answer(sleepCode, sleep, warn).output?.code).toContain('leash_1.setTimeout("../workspace-lib/src/sleep.ts:2:3 later", fn, 10);');
    } finally {
      rmSync(join(lib, 'node_modules'), { recursive: true, force: true });
    }
  });
});
