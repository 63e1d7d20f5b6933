/**
 * The emitter's regressions, each shown by running or reading plain and instrumented output:
 * header comments stay on top, scripts stay scripts, and an ES5 task thunk keeps `this` and
 * `arguments`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type * as TS from 'typescript';
import { describe, expect, it } from 'vitest';
import { compile, runCommonJs } from './compile';
import { checkEquality, MODULES, REPO, type ModuleFormat, type Variant } from './equality';

const save = `export const seen: unknown[] = [];
export async function save(value?: unknown): Promise<void> {
  seen.push(value);
}
`;

describe('header comments', () => {
  const headers: Record<string, string> = {
    'license.ts': `/*! license: MIT */\nexport async function go(): Promise<void> {}\ngo();\n`,
    'ts-check.ts': `// @ts-check\nexport async function go(): Promise<void> {}\ngo();\n`,
    'detached.ts': `/**\n * Copyright the authors.\n */\n\nexport async function go(): Promise<void> {}\ngo();\n`,
    'shebang.ts': `#!/usr/bin/env node\n/*! banner */\nsetInterval(() => {}, 1000);\nexport {};\n`,
    'import.ts': `/*! license */\nimport { EventEmitter } from 'node:events';\nexport const bus = new EventEmitter();\nbus.on('x', () => {});\n`,
  };
  for (const module of ['esnext', 'commonjs'] as const) {
    it(`stay above leash's lines (${module})`, () => {
      const { plain, leash } = compile(ts, headers, { target: 'es2022', module });
      const markers: Record<string, string> = { 'license.ts': 'license: MIT', 'ts-check.ts': '@ts-check', 'detached.ts': 'Copyright the authors', 'shebang.ts': 'banner', 'import.ts': '/*! license */' };
      for (const [name, marker] of Object.entries(markers)) {
        const leashText = leash[name] as string;
        expect(leashText, name).not.toBe(plain[name]);
        expect(plain[name], name).toContain(marker);
        // The header comes before leash's import/require, as it came before the code in plain output.
        expect(leashText.indexOf(marker), name).toBeGreaterThanOrEqual(0);
        expect(leashText.indexOf(marker), name).toBeLessThan(leashText.indexOf('leash/hooks'));
        if (plain[name]?.startsWith('#!')) expect(leashText.startsWith('#!/usr/bin/env node\n'), name).toBe(true);
      }
    });
  }
});

describe('scripts (no import or export)', () => {
  const script = `var ticks = 0;\nconst handle = setInterval(() => { ticks++; }, 1000);\nclearInterval(handle);\n`;
  for (const module of MODULES.filter((m) => m !== 'commonjs') as ModuleFormat[]) {
    it(`are emitted byte for byte as plain tsc under module ${module}, with one warning saying what to do`, () => {
      const { plain, leash, diagnostics } = compile(ts, { 'a.ts': script, 'b.ts': script }, { target: 'es2020', module });
      expect(leash['a.ts']).toBe(plain['a.ts']);
      expect(leash['b.ts']).toBe(plain['b.ts']);
      const warnings = diagnostics.filter((d) => d.leash.messageId === 'scriptNotInstrumented');
      expect(warnings).toHaveLength(1);
      expect(ts.flattenDiagnosticMessageText(warnings[0]?.messageText, ' ')).toMatch(/export \{\};/);
    });
  }

  it('load the runtime with require under CommonJS and stay scripts', () => {
    const { leash } = compile(ts, { 'a.ts': script }, { target: 'es2020', module: 'commonjs' });
    const js = leash['a.ts'] as string;
    expect(js).toContain('require("leash/hooks")');
    expect(js).not.toMatch(/^import /m);
    expect(() => runCommonJs(js)).not.toThrow();
  });

  it('a module file under AMD loads the runtime as a dependency, not a raw import', () => {
    const { leash } = compile(ts, { 'm.ts': `export const handle = setInterval(() => {}, 1000);\n` }, { target: 'es5', module: 'amd' });
    const js = leash['m.ts'] as string;
    expect(js).toMatch(/define\(\["require", "exports", "leash\/hooks"\], function \(require, exports, leash_1\)/);
    expect(js).not.toMatch(/^\s*import /m);
  });
});

describe('ES5 task thunks', () => {
  const source = `${save}
export function first(_a?: unknown): void {
  save(arguments[0]);
}
export class Store {
  name = 'store';
  flush(): void {
    save(this.name);
  }
}
`;
  it('keep `arguments` and `this` of the enclosing function', async () => {
    const { plain, leash } = compile(ts, { 'es5.ts': source }, { target: 'es5', module: 'commonjs' });
    const results: unknown[][] = [];
    for (const js of [plain['es5.ts'] as string, leash['es5.ts'] as string]) {
      const { exports } = runCommonJs(js);
      (exports['first'] as (a: unknown) => void)('argument');
      const Store = exports['Store'] as new () => { flush(): void };
      new Store().flush();
      await new Promise((resolve) => setTimeout(resolve, 10));
      results.push(exports['seen'] as unknown[]);
    }
    expect(results[0]).toEqual(['argument', 'store']);
    expect(results[1]).toEqual(results[0]);
    expect(leash['es5.ts']).toContain('leash_1.spawn(');
  });
});

describe('ES5 thunks where tsc reads `_this`', () => {
  const fixture = join(REPO, 'test/emit/fixtures/es5-this.ts');
  it('read the same `_this` in a derived constructor, its initialisers and arrows, and behave as plain', async () => {
    const { plain, leash } = compile(ts, { 'this.ts': readFileSync(fixture, 'utf8') }, { target: 'es5', module: 'commonjs' });
    const results: unknown[][] = [];
    for (const js of [plain['this.ts'] as string, leash['this.ts'] as string]) {
      const { exports } = runCommonJs(js);
      const Derived = exports['Derived'] as new (label: string) => { later(label?: string): void };
      new Derived('label').later('later-argument');
      const poller = new (exports['Poller'] as new () => { ticks: number; handle: unknown; start(): void })();
      poller.start();
      await new Promise((resolve) => setTimeout(resolve, 20));
      clearInterval(poller.handle as ReturnType<typeof setInterval>);
      results.push([...(exports['seen'] as unknown[]), poller.ticks > 0, exports['held']]);
    }
    expect(results[0]).toEqual([
      ['constructor', 'derived', 'derived-id'],
      ['arguments', 'label', 'derived'],
      ['initialiser', 'derived'],
      ['arrow', 'derived', undefined],
      [{ lines: 'derived' }],
      true,
      'boxedboxed',
    ]);
    expect(results[1]).toEqual(results[0]);
    const js = leash['this.ts'] as string;
    expect(js).toContain('leash_1.spawn(');
    expect(js).toContain('leash_1.detach(');
    // No thunk reads its own `this` where plain output reads `_this`, nor captures one of its own.
    expect(js).not.toMatch(/save\([^)]*\bthis\./);
    expect(js).not.toMatch(/function \(\) \{\s*var _this = this;\s*return leash_1/);
    // With leash's calls stripped, the output is plain tsc's, `_this` and line breaks included.
    const counts = checkEquality(ts, { name: 'this', files: [fixture] }, { target: 'es5', module: 'commonjs' });
    expect(counts.problems).toEqual([]);
    expect(counts.equal).toBe(1);
  });
});

/**
 * Compiles one fixture plain and with leash, runs both (`observe` reads what a user would see,
 * after the tasks settled) and checks they behave alike and that, leash's calls stripped, the
 * output is plain tsc's.
 */
async function plainAndLeash(fixture: string, variant: Variant, observe: (exports: Record<string, unknown>) => unknown): Promise<{ plain: unknown; leash: unknown; js: string }> {
  const path = join(REPO, 'test/emit/fixtures', fixture);
  const { plain, leash } = compile(ts, { [fixture]: readFileSync(path, 'utf8') }, variant);
  const seen: unknown[] = [];
  for (const js of [plain[fixture] as string, leash[fixture] as string]) {
    const { exports } = runCommonJs(js);
    await new Promise((resolve) => setTimeout(resolve, 10));
    seen.push(observe(exports));
  }
  const counts = checkEquality(ts, { name: fixture, files: [path] }, variant);
  expect(counts.problems).toEqual([]);
  expect(counts.equal).toBe(1);
  return { plain: seen[0], leash: seen[1], js: leash[fixture] as string };
}

describe('thunks written around the call TypeScript lowered', () => {
  for (const target of ['es5', 'es2018'] as const) {
    it(`${target}: a lowered \`?.\`/\`??\` declares its temporary in the enclosing function, as plain`, async () => {
      const { plain, leash, js } = await plainAndLeash('lowered-temporary.ts', { target, module: 'commonjs' }, (exports) => [
        (exports['columns'] as { name: string }[]).map((column) => column.name),
        exports['seen'],
      ]);
      expect(plain).toEqual([['x', 'id'], ['x', 'unnamed']]);
      expect(leash).toEqual(plain);
      expect(js).toContain('leash_1.spawn(');
      expect(js).toContain('leash_1.detach(');
      expect(js).not.toMatch(/(?:\(\) => \{|function \(\) \{)\s*var _/);
    }, 60_000);
  }

  it('es5: a task in a loop body moved into a function reads `this_1` and `arguments_1`, as plain', async () => {
    const { plain, leash, js } = await plainAndLeash('loop-this.ts', { target: 'es5', module: 'commonjs' }, (exports) => {
      const batch = new (exports['Batch'] as new () => { run(label: string): void; later: (() => number)[] })();
      batch.run('label');
      return batch.later.map((f) => f());
    });
    expect(plain).toEqual([0, 1]);
    expect(leash).toEqual(plain);
    expect(js).toMatch(/leash_1\.spawn\("[^"]*", \/\* istanbul ignore next \*\/ function \(\) \{ return save\(this_1\.name, i, arguments_1\[0\]\); \}/);
  }, 60_000);

  it('es5: a loop task saves what plain code saves', async () => {
    const path = join(REPO, 'test/emit/fixtures/loop-this.ts');
    const { plain, leash } = compile(ts, { 'loop.ts': readFileSync(path, 'utf8') }, { target: 'es5', module: 'commonjs' });
    const saved: unknown[] = [];
    for (const js of [plain['loop.ts'] as string, leash['loop.ts'] as string]) {
      const { exports } = runCommonJs(js);
      new (exports['Batch'] as new () => { run(label: string): void })().run('label');
      await new Promise((resolve) => setTimeout(resolve, 10));
      saved.push(exports['seen']);
    }
    expect(saved[0]).toEqual([
      ['batch', 0, 'label'],
      ['batch', 1, 'label'],
    ]);
    expect(saved[1]).toEqual(saved[0]);
  });

  it('es5: a top-level task reading `this` directly and in an async arrow gets no `_this` capture and sees `this` as plain', async () => {
    const { plain, leash, js } = await plainAndLeash('top-level-this.ts', { target: 'es5', module: 'commonjs' }, (exports) => exports['seen']);
    const [[label, arrow]] = plain as [[string, () => Promise<unknown>]];
    expect(label).toBe('no this');
    expect(await arrow()).toBeUndefined();
    const [[leashLabel, leashArrow]] = leash as [[string, () => Promise<unknown>]];
    expect(leashLabel).toBe(label);
    expect(await leashArrow()).toBeUndefined();
    expect(js).toContain('leash_1.spawn(');
    expect(js).not.toMatch(/var _this = this/);
  }, 60_000);
});

describe('a call printed without its thunk', () => {
  it('is reported as a leash/emit error, never left silently', () => {
    // A later transformer that rebuilds every call without keeping its original node, so the
    // printer cannot tell leash's marker call from any other.
    const forget: TS.TransformerFactory<TS.SourceFile> = (context) => (file) => {
      const visit = (node: TS.Node): TS.Node => {
        const visited = ts.visitEachChild(node, visit, context);
        if (!ts.isCallExpression(visited)) return visited;
        return context.factory.createCallExpression(visited.expression, undefined, visited.arguments);
      };
      return ts.visitNode(file, visit) as TS.SourceFile;
    };
    const { leash, diagnostics } = compile(ts, { 'a.ts': `${save}save(1);\n` }, { target: 'es2020', module: 'commonjs' }, {}, [forget]);
    // A top-level call is held (`detach`) and a task (`spawn`): two calls, both without a thunk.
    expect(leash['a.ts']).toContain('leash_1.detach(leash_1.spawn(');
    const errors = diagnostics.filter((d) => d.leash.messageId === 'internalError');
    expect(errors).toHaveLength(1);
    expect(ts.flattenDiagnosticMessageText(errors[0]?.messageText, ' ')).toMatch(/could not write the thunk of 2 task or held call/);
  });
});

describe('a signal passed by the ts-patch plugin', () => {
  // `load(url, signal?)` and `get(url, { headers })` with an options parameter that takes a signal,
  // called inside a function given its own signal: the signals rule passes it on.
  const source = `export async function load(url: string, signal?: AbortSignal): Promise<string> {
  return url;
}
export async function get(url: string, options?: { headers?: string; signal?: AbortSignal }): Promise<string> {
  return url;
}
export async function both(url: string, signal?: AbortSignal): Promise<void> {
  await load(url);
  await get(url, { headers: 'h' });
}
`;
  const emitted = (target: Variant['target']): string => compile(ts, { 'signal.ts': source }, { target, module: 'commonjs' }).leash['signal.ts'] as string;

  it('is spread in, one call and no branch for coverage to count, where TypeScript keeps a spread', () => {
    const js = emitted('es2022');
    expect(js).toContain('await load(url, ...leash_1.signalArgs(leash_1.signal(signal), 0, false));');
    expect(js).toContain("await get(url, { headers: 'h', ...leash_1.signalProperty(leash_1.signal(signal)) });");
    expect(js).not.toContain('void 0 ?');
  });

  it('below ES2018 passes an options literal with a conditional, never through Object.assign (which would read a getter)', () => {
    const js = emitted('es2017');
    expect(js).toContain('await load(url, ...leash_1.signalArgs(leash_1.signal(signal), 0, false));');
    expect(js).toContain("leash_1.signal(signal) === void 0 ? get(url, { headers: 'h' }) : get(url, { headers: 'h', signal: leash_1.signal(signal) })");
    expect(js).not.toContain('Object.assign');
  });
});
