// The bundler plugins' module cache: a second build answers unchanged modules without a checker,
// and any change to a module or to what it imports (however deep) plans it again.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { leashFactory } from '../../transformer/hosts/plugin';
import { createHostSession, type LeashPluginOptions } from '../../transformer/hosts/session';
import { compatModules } from '../compat/paths.mjs';
import { REPO } from '../transformer/harness';

const root = mkdtempSync(join(tmpdir(), 'leash-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function project(name: string, files: Record<string, string>, { leash = true, typescript = join(REPO, 'node_modules/typescript') }: { leash?: boolean; typescript?: string } = {}): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(typescript, join(dir, 'node_modules/typescript'), 'dir');
  if (leash) symlinkSync(REPO, join(dir, 'node_modules/leash'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  const compilerOptions = { target: 'es2022', module: 'nodenext', strict: true, skipLibCheck: true, types: ['node'], typeRoots: [join(REPO, 'node_modules/@types')] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
  write(dir, files);
  return dir;
}

function write(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
}

/** One build as the plugin runs it: the cache first, the checker only for what it misses. */
function build(dir: string, file: string, code: string, options: LeashPluginOptions = {}): { code: string | undefined; fromCache: boolean; warnings: string[] } {
  const session = createHostSession('leash/vite', options, dir);
  session.startBuild();
  const warnings: string[] = [];
  const warn = (message: string): number => warnings.push(message);
  const id = join(dir, file);
  const cached = session.cached(code, id, warn);
  if (cached !== undefined) return { code: cached.output?.code, fromCache: true, warnings };
  const out = session.transform(code, id, warn);
  session.dispose();
  return { code: out?.code, fromCache: false, warnings };
}

const CALLER = "import { load } from './load.js';\nexport async function run(): Promise<string> {\n  return load('a');\n}\n";
const WITH_OPTIONS = "export { load } from './impl.js';\n";
const IMPL_SIGNAL = 'export async function load(id: string, options?: { signal?: AbortSignal }): Promise<string> {\n  return id + String(options);\n}\n';
const IMPL_PLAIN = 'export async function load(id: string, retries?: number): Promise<string> {\n  return id + String(retries);\n}\n';

describe('a second build', () => {
  const dir = project('second', { 'src/caller.ts': CALLER, 'src/load.ts': WITH_OPTIONS, 'src/impl.ts': IMPL_SIGNAL });

  test('answers an unchanged module from the cache with the same output', () => {
    const first = build(dir, 'src/caller.ts', CALLER);
    expect(first.fromCache).toBe(false);
    expect(first.code).toContain('signal');
    const second = build(dir, 'src/caller.ts', CALLER);
    expect(second).toEqual({ ...first, fromCache: true });
  });

  test('plans again when a module two imports away changes the signature it calls', () => {
    write(dir, { 'src/impl.ts': IMPL_PLAIN });
    const after = build(dir, 'src/caller.ts', CALLER);
    expect(after.fromCache).toBe(false);
    expect(after.code).toBeUndefined(); // no signal parameter any more: nothing to add
    write(dir, { 'src/impl.ts': IMPL_SIGNAL });
    expect(build(dir, 'src/caller.ts', CALLER)).toMatchObject({ fromCache: true, code: expect.stringContaining('signal') });
  });

  test('plans again when the module itself changes', () => {
    const edited = CALLER.replace("load('a')", "load('b')");
    expect(build(dir, 'src/caller.ts', edited)).toMatchObject({ fromCache: false, code: expect.stringContaining("load('b'") });
  });

  test('plans again with other options', () => {
    expect(build(dir, 'src/caller.ts', CALLER, { mode: 'track' }).fromCache).toBe(false);
  });

  test('`cache: false` neither reads nor writes it', () => {
    const plain = project('uncached', { 'src/a.ts': 'export function tick(): void {\n  setInterval(() => {}, 10);\n}\n' });
    const code = 'export function tick(): void {\n  setInterval(() => {}, 10);\n}\n';
    expect(build(plain, 'src/a.ts', code, { cache: false }).fromCache).toBe(false);
    expect(build(plain, 'src/a.ts', code, { cache: false }).fromCache).toBe(false);
    expect(existsSync(join(plain, 'node_modules/.cache/leash'))).toBe(false);
    expect(() => createHostSession('leash/vite', { cache: 'yes' } as never, plain)).toThrow('[leash] leash/vite: option `cache` must be true or false, got "yes".');
  });
});

test('a module with an import the cache cannot follow (tsconfig paths) is planned every build', () => {
  const code = "import { x } from '@app/x';\nexport function tick(): void {\n  setInterval(() => x, 10);\n}\n";
  const dir = project('paths', { 'src/a.ts': code });
  expect(build(dir, 'src/a.ts', code).fromCache).toBe(false);
  expect(build(dir, 'src/a.ts', code)).toMatchObject({ fromCache: false, code: expect.stringContaining('leash_1.setInterval') });
});

test('a warm build still says once that the runtime does not resolve', () => {
  const code = 'export function tick(): void {\n  setInterval(() => {}, 10);\n}\n';
  const dir = project('no-runtime', { 'src/a.ts': code }, { leash: false });
  const notice = expect.stringMatching(/^\[leash\] leash\/vite: the instrumented modules import "leash\/hooks", which does not resolve/);
  expect(build(dir, 'src/a.ts', code)).toMatchObject({ fromCache: false, warnings: [notice] });
  expect(build(dir, 'src/a.ts', code)).toMatchObject({ fromCache: true, warnings: [notice] });
});

test('a dev server that never ends its build still keeps what it planned, a second after the last module', async () => {
  const code = 'export function tick(): void {\n  setInterval(() => {}, 10);\n}\n';
  const dir = project('dev-server', { 'src/a.ts': code });
  const session = createHostSession('leash/vite', {}, dir);
  session.startBuild();
  expect(session.transform(code, join(dir, 'src/a.ts'), () => undefined)?.code).toContain('leash_1.setInterval');
  await new Promise((done) => setTimeout(done, 1500)); // no dispose(): the server is still running
  expect(build(dir, 'src/a.ts', code)).toMatchObject({ fromCache: true, code: expect.stringContaining('leash_1.setInterval') });
  session.dispose();
});

test('a process that exits without ending its build (a test runner closing) still keeps what it planned', () => {
  const code = 'export function tick(): void {\n  setInterval(() => {}, 10);\n}\n';
  const dir = project('exits', { 'src/a.ts': code });
  // The built session (npm test builds first), in a process that plans one module and exits at once.
  const script = `const { createHostSession } = require(${JSON.stringify(join(REPO, 'dist/transformer/hosts/session.js'))});
const session = createHostSession('leash/vite', {}, ${JSON.stringify(dir)});
session.startBuild();
if (!session.transform(${JSON.stringify(code)}, ${JSON.stringify(join(dir, 'src/a.ts'))}, () => {})) process.exit(3);`;
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  expect(build(dir, 'src/a.ts', code)).toMatchObject({ fromCache: true, code: expect.stringContaining('leash_1.setInterval') });
});

test("writing the index removes the first format's folder of a file per module", () => {
  const code = 'export function tick(): void {\n  setInterval(() => {}, 10);\n}\n';
  const dir = project('old-format', { 'src/a.ts': code });
  const old = join(dir, 'node_modules/.cache/leash/ab');
  mkdirSync(old, { recursive: true });
  writeFileSync(join(old, `ab${'0'.repeat(62)}.json`), '{"format":1}');
  expect(build(dir, 'src/a.ts', code).fromCache).toBe(false);
  expect(existsSync(old)).toBe(false);
  expect(build(dir, 'src/a.ts', code).fromCache).toBe(true);
});

/** One build through the plugin's own hooks (cache first, checker on a miss), with the stats it prints under LEASH_STATS=1. */
async function pluginBuild(dir: string, files: Record<string, string>, options?: LeashPluginOptions): Promise<{ outputs: (string | null)[]; stats: string }> {
  const plugin = leashFactory(options, { framework: 'vite' } as never) as unknown as {
    buildStart(): void;
    transform: { handler(this: unknown, code: string, id: string): Promise<{ code: string } | null> };
    buildEnd(): void;
    vite: { configResolved(config: { root: string }): void };
  };
  plugin.vite.configResolved({ root: dir });
  const context = {
    warn: (message: string): never => {
      throw new Error(`unexpected warning: ${message}`);
    },
  };
  const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.stubEnv('LEASH_STATS', '1');
  try {
    plugin.buildStart();
    const outputs: (string | null)[] = [];
    for (const [file, code] of Object.entries(files)) outputs.push((await plugin.transform.handler.call(context, code, join(dir, file)))?.code ?? null);
    plugin.buildEnd();
    return { outputs, stats: printed.mock.calls.map((call) => String(call[0])).join('\n') };
  } finally {
    printed.mockRestore();
    vi.unstubAllEnvs();
  }
}

const TYPESCRIPTS = [
  ['TypeScript 6', join(REPO, 'node_modules/typescript')],
  ['TypeScript 7 (no compiler process)', join(compatModules('ts7'), 'typescript')],
] as const;

describe('a build whose every module is in the cache never opens a checker', () => {
  const files = {
    'src/a.ts': "import { b } from './b.js';\nexport function tick(): void {\n  setInterval(() => b(), 10);\n}\n",
    'src/b.ts': 'export async function b(options?: { signal?: AbortSignal }): Promise<string> {\n  return String(options);\n}\n',
    'src/c.ts': 'export const plain = 1;\n',
  };
  for (const [name, typescript] of TYPESCRIPTS) {
    test(name, async () => {
      const dir = project(`warm-${name.split(' ')[1]}`, files, { typescript });
      const cold = await pluginBuild(dir, files);
      expect(cold.stats).toMatch(/\(0 hits, 3 misses, checker opened 1 times\)/);
      expect(cold.outputs[0]).toContain('leash_1.setInterval');
      expect(cold.outputs[2]).toBeNull();
      const warm = await pluginBuild(dir, files);
      expect(warm.stats).toMatch(/\(3 hits, 0 misses, checker opened 0 times\)/);
      expect(warm.outputs).toEqual(cold.outputs);
    }, 60_000);
  }
});

describe('a build whose modules have no call, `new` or `await` (nothing a rule acts on) never opens a checker', () => {
  const files = {
    'src/index.ts': "export * from './types.js';\nexport { LIMIT } from './limits.js';\n",
    'src/types.ts': 'export interface Job {\n  id: string;\n  signal?: AbortSignal;\n}\nexport type Kind = "a" | "b";\n',
    'src/limits.ts': 'export const LIMIT = 10;\nexport const NAMES = ["renewal", "awaiting"] as const;\n',
  };
  for (const [name, typescript] of TYPESCRIPTS) {
    test(name, async () => {
      const dir = project(`no-sites-${name.split(' ')[1]}`, { ...files, 'src/tick.ts': 'export function tick(): void {\n  setInterval(() => {}, 10);\n}\n' }, { typescript });
      expect(await pluginBuild(dir, files, { cache: false })).toEqual({ outputs: [null, null, null], stats: expect.stringMatching(/checker opened 0 times/) });
      // A module with a call among them still opens one, and is instrumented.
      const mixed = await pluginBuild(dir, { ...files, 'src/tick.ts': 'export function tick(): void {\n  setInterval(() => {}, 10);\n}\n' }, { cache: false });
      expect(mixed.stats).toMatch(/checker opened 1 times/);
      expect(mixed.outputs.slice(0, 3)).toEqual([null, null, null]);
      expect(mixed.outputs[3]).toContain('leash_1.setInterval');
    }, 60_000);
  }
});

test('without TypeScript a module with nothing to rewrite still hears that nothing can be instrumented', () => {
  const dir = join(root, 'no-typescript');
  mkdirSync(join(dir, 'src'), { recursive: true });
  const session = createHostSession('leash/vite', { cache: false }, dir);
  const warnings: string[] = [];
  expect(session.needsChecker('export const LIMIT = 10;\n')).toBe(true);
  expect(session.transform('export const LIMIT = 10;\n', join(dir, 'src/a.ts'), (message) => warnings.push(message))).toBeUndefined();
  expect(warnings).toEqual([expect.stringMatching(/^\[leash\] leash\/vite: no TypeScript found from .*, so nothing was instrumented/)]);
});
