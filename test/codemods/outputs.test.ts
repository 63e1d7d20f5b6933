/**
 * The outputs are code people will ship: every expected output type-checks against the real
 * runtime (strict), and a few are executed to check what the rewrite promises — order kept,
 * concurrency capped at the limit, no timer left behind.
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import * as runtime from '../../runtime/index';
import { syntacticTransforms } from '../../codemods/registry';
import { runPipeline } from '../../codemods/lib/transform';
import { FIXTURES } from './fixtures';

const ROOT = path.resolve(__dirname, '../..');
const nodeRequire = createRequire(__filename);

function outputFiles(): string[] {
  return fs
    .readdirSync(FIXTURES)
    .flatMap((t) => fs.readdirSync(path.join(FIXTURES, t)).map((f) => path.join(FIXTURES, t, f)))
    .filter((f) => /\.output\.(ts|tsx|mts|cts)$/.test(f));
}

describe('codemod outputs', () => {
  it('type-check with strict settings against the runtime', () => {
    const files = outputFiles();
    expect(files.length).toBeGreaterThan(20);
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2023,
      lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.esnext.disposable.d.ts', 'lib.esnext.decorators.d.ts'],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      noUncheckedIndexedAccess: true,
      noEmit: true,
      skipLibCheck: true,
      jsx: ts.JsxEmit.Preserve,
      types: ['node'],
      typeRoots: [path.join(ROOT, 'node_modules/@types')],
      paths: { leash: [path.join(ROOT, 'runtime/index.ts')] },
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file && files.includes(path.resolve(d.file.fileName)));
    const text = ts.formatDiagnostics(diagnostics, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' });
    expect(text).toBe('');
  }, 120_000);
});

/** Loads a fixture as a CommonJS module, with `leash` bound to the runtime under test. */
function load(relative: string): Record<string, any> {
  const file = path.join(FIXTURES, relative);
  const { outputText } = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    fileName: file,
  });
  const module = { exports: {} as Record<string, any> };
  const requireFixture = (id: string) => (id === 'leash' ? runtime : nodeRequire(id));
  new Function('require', 'module', 'exports', outputText)(requireFixture, module, module.exports);
  return module.exports;
}

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('executed outputs', () => {
  afterEach(async () => {
    await tick(5);
  });

  it('bounded-concurrency keeps the order and peaks at the limit (mapLimit, mapSettledLimit)', async () => {
    const { squareAll, settleAll } = load('bounded-concurrency/executable.output.ts');
    let active = 0;
    let peak = 0;
    const work = async (value: number) => {
      peak = Math.max(peak, ++active);
      await tick(1 + (value % 4));
      active--;
      if (value === 13) throw new Error('thirteen');
      return value * value;
    };
    const values = Array.from({ length: 40 }, (_, i) => i);
    await expect(squareAll(values.filter((v) => v !== 13), work)).resolves.toEqual(values.filter((v) => v !== 13).map((v) => v * v));
    expect(peak).toBe(8);

    peak = 0;
    const settled = await settleAll(values, work);
    expect(settled).toHaveLength(40);
    expect(settled[13]).toMatchObject({ status: 'rejected' });
    expect(settled[12]).toEqual({ status: 'fulfilled', value: 144 });
    expect(peak).toBe(8);

    // The input version ran everything at once.
    peak = 0;
    const before = load('bounded-concurrency/executable.input.ts');
    await before.squareAll(values.filter((v) => v !== 13), work);
    expect(peak).toBe(39);
  });

  it('race-timeout keeps the outcome and leaves no timer behind when the work wins', async () => {
    const after = load('race-timeout/reject-after-timeout.output.ts');
    const before = load('race-timeout/reject-after-timeout.input.ts');
    const baseline = activeTimers();

    await expect(before.withReference(Promise.resolve(1), 60_000)).resolves.toBe(1);
    expect(activeTimers()).toBe(baseline + 1); // the input leaks its timer for a minute

    const leaked = activeTimers();
    await expect(after.withReference(Promise.resolve(2), 60_000)).resolves.toBe(2);
    expect(activeTimers()).toBe(leaked); // the output cleared its timer

    await expect(after.withReference(new Promise(() => {}), 10)).rejects.toThrow('slow');
    const fallback = load('race-timeout/resolve-fallback.output.ts');
    await expect(fallback.firstOrNull(new Promise(() => {}), new Promise(() => {}))).resolves.toBeNull();
  });

  it('sleep-signal rejects with the abort reason at once and clears its timer', async () => {
    const { poll } = load('sleep-signal/signal-in-scope.output.ts');
    const baseline = activeTimers();
    const controller = new AbortController();
    const polling = poll(() => false, controller.signal);
    await tick(5);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(polling).rejects.toBe(reason);
    expect(activeTimers()).toBeLessThanOrEqual(baseline); // its own timer is gone (other tests' timers may end meanwhile)
  });
});

/** Runs one syntactic transform on a fixture input and loads what it produced. */
function migrate(transformName: string, relative: string): { before: Record<string, any>; after: Record<string, any>; changed: boolean } {
  const file = path.join(FIXTURES, relative);
  const source = fs.readFileSync(file, 'utf8');
  const t = syntacticTransforms.find((x) => x.name === transformName)!;
  const { output } = runPipeline([t], file, source);
  return { before: loadSource(file, source), after: loadSource(file, output ?? source), changed: output !== null };
}

function loadSource(file: string, source: string): Record<string, any> {
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 }, fileName: file });
  const module = { exports: {} as Record<string, any> };
  new Function('require', 'module', 'exports', outputText)((id: string) => (id === 'leash' ? runtime : nodeRequire(id)), module, module.exports);
  return module.exports;
}

describe('behaviour kept where a rewrite would have changed it', () => {
  it('sleep-signal: a wait followed by its own `signal.aborted` check still returns false on abort instead of throwing', async () => {
    const { before, after, changed } = migrate('sleep-signal', 'sleep-signal/skip-checks-aborted.input.ts');
    expect(changed).toBe(false);
    for (const m of [before, after]) {
      const controller = new AbortController();
      const waiting = m.waitUntil(() => false, 5, controller.signal);
      await tick(8);
      controller.abort();
      await expect(waiting).resolves.toBe(false);
    }
  });

  it('bounded-concurrency: a callback that only enqueues keeps the queue admitting every job at once', async () => {
    const { before, after, changed } = migrate('bounded-concurrency', 'bounded-concurrency/skip-enqueues.input.ts');
    expect(changed).toBe(false);
    for (const m of [before, after]) {
      const queue = new m.Queue();
      let admitted = 0;
      let peak = 0;
      const job = (i: number) => async () => {
        peak = Math.max(peak, ++admitted);
        await tick(1);
        admitted--;
        return i;
      };
      await expect(queue.addAll(Array.from({ length: 20 }, (_, i) => job(i)))).resolves.toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect(peak).toBe(20); // the queue, not the codemod, decides how many run
    }
  });

  it('bounded-concurrency: `const ps = xs.map(...); await Promise.all(ps)` keeps its results and order, and peaks at the limit', async () => {
    const { before, after, changed } = migrate('bounded-concurrency', 'bounded-concurrency/mapped-array.input.ts');
    expect(changed).toBe(true);
    const urls = Array.from({ length: 30 }, (_, i) => `u${i}`);
    const peaks: number[] = [];
    for (const m of [before, after]) {
      let active = 0;
      let peak = 0;
      const size = async (url: string) => {
        peak = Math.max(peak, ++active);
        await tick(1 + (url.length % 3));
        active--;
        return url.length;
      };
      expect(await m.sizes(urls, size)).toEqual(urls.map((u) => u.length));
      peaks.push(peak);
    }
    expect(peaks).toEqual([30, 8]);
  });
});
