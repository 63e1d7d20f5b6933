// Plugin options: validation (leash/config diagnostics), defaults per mode, include/exclude, and
// what happens when leash itself fails (a warning, the file emitted unchanged, the build goes on).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { parseConfig } from '../../transformer/config';
import { DIAGNOSTIC_CODES, type LeashDiagnostic } from '../../transformer/diagnostics';
import leashTransformer from '../../transformer/index';
import { RULES } from '../../transformer/plan/rules';
import signals from '../../transformer/plan/rules/signals';
import timers from '../../transformer/plan/rules/timers';
import { createFileFilter, globToRegExp } from '../../transformer/plan/util/glob';
import { createFixtureProgram, FIXTURES, fixtureOptions, loadTypeScript, type FixtureProgram } from './harness';

describe('parseConfig', () => {
  const enabled = (raw: unknown): string[] => [...(parseConfig(raw, RULES).config?.rules ?? [])].sort();

  test('defaults: bind mode, every rule but cancel-at-await', () => {
    const { config, problems } = parseConfig({}, RULES);
    expect(problems).toEqual([]);
    expect(config?.mode).toBe('bind');
    expect(enabled(undefined)).toEqual(['caller-sites', 'listeners', 'ownership', 'signals', 'tasks', 'timers']);
  });

  test('track mode turns off the rules that change behaviour unless asked for', () => {
    expect(enabled({ mode: 'track' })).toEqual(['caller-sites', 'listeners', 'ownership', 'tasks', 'timers']);
    expect(enabled({ mode: 'track', signals: true, cancelAtAwait: true })).toEqual(['caller-sites', 'cancel-at-await', 'listeners', 'ownership', 'signals', 'tasks', 'timers']);
  });

  test('per-rule switches', () => {
    expect(enabled({ timers: false, tasks: false, ownership: false, callerSites: false, cancelAtAwait: true })).toEqual(['cancel-at-await', 'listeners', 'signals']);
  });

  test('ts-patch keys are not options of ours', () => {
    expect(parseConfig({ transform: 'leash/transformer', after: false, afterDeclarations: false, import: 'default' }, RULES).problems).toEqual([]);
  });

  test('every problem is reported, naming the option and the valid choices', () => {
    const { config, problems } = parseConfig({ mode: 'observe', timer: false, tasks: 'no', include: 'src/{a,b', exclude: [3] }, RULES);
    expect(config).toBeUndefined();
    expect(problems.map((p) => p.messageId)).toEqual(['unknownOption', 'invalidValue', 'invalidValue', 'invalidValue', 'invalidValue']);
    expect(problems[0]?.message).toContain('`timer`');
    expect(problems[0]?.message).toContain('mode, include, exclude, timers, listeners, tasks, signals, cancelAtAwait');
    expect(problems[1]?.message).toBe('option `mode` must be "bind" or "track", got "observe".');
  });
});

describe('globs', () => {
  test.each([
    ['src/**', 'src/a/b.ts', true],
    ['src/**/*.ts', 'src/x.ts', true],
    ['src/*.ts', 'src/a/x.ts', false],
    ['*.test.ts', 'src/deep/x.test.ts', true],
    ['**/*.{test,spec}.ts', 'a/b.spec.ts', true],
    ['./src/?.ts', 'src/a.ts', true],
    ['src/a.ts', 'src/a+ts', false],
  ])('%s ~ %s = %s', (pattern, path, expected) => {
    expect(globToRegExp(pattern).test(path)).toBe(expected);
  });

  test('exclude wins over include; no include means everything', () => {
    const filter = createFileFilter(['src/**'], ['**/*.test.ts']);
    expect([filter('src/a.ts'), filter('src/a.test.ts'), filter('lib/a.ts')]).toEqual([true, false, false]);
    expect(createFileFilter([], [])('anything.ts')).toBe(true);
  });
});

describe('the ts-patch entry', () => {
  const ts = loadTypeScript('ts6');
  const file = join(FIXTURES, 'timers/basic.ts');
  let compiled: FixtureProgram;
  beforeAll(() => {
    compiled = createFixtureProgram(ts, 'esm', [file]);
  });
  afterEach(() => vi.restoreAllMocks());

  test('a bad config is a leash/config error and instruments nothing', () => {
    const out = compiled.emit(file, { config: { mode: 'loud' } });
    expect(out.diagnostics.map((d) => [d.leash.source, d.leash.messageId, d.category, d.code])).toEqual([['leash/config', 'invalidValue', ts.DiagnosticCategory.Error, DIAGNOSTIC_CODES.config]]);
    expect(out.diagnostics[0]?.messageText).toMatch(/^leash\/config: option `mode` must be/);
    expect(out.js).toBe(compiled.emit(file, { plain: true }).js);
  });

  test('excluded files are emitted exactly as plain tsc emits them', () => {
    const out = compiled.emit(file, { config: { exclude: ['transformer/**/timers/*.ts'] } });
    expect(out.js).toBe(compiled.emit(file, { plain: true }).js);
    expect(compiled.emit(file, { config: { include: ['**/timers/**'] } }).js).toContain('leash_1.setInterval(');
  });

  test('a rule that throws becomes a leash/<rule> warning on the node; the rest of the file is still rewritten', () => {
    const original = timers.call;
    let calls = 0;
    vi.spyOn(timers, 'call').mockImplementation((node, ctx) => {
      if (calls++ === 0) throw new TypeError('boom');
      original?.(node, ctx);
    });
    const out = compiled.emit(file, { config: { mode: 'track' } });
    expect(out.diagnostics.map((d) => [d.leash.source, d.leash.messageId, d.category])).toEqual([['leash/timers', 'internalError', ts.DiagnosticCategory.Warning]]);
    expect(out.diagnostics[0]?.messageText).toContain('TypeError: boom');
    expect(out.diagnostics[0]?.start).toBeGreaterThan(0);
    expect(out.js).toContain('leash_1.setTimeout(');
  });

  test('an emitter failure is a leash/emit warning and the file is emitted as plain tsc emits it', () => {
    vi.spyOn(signals, 'call').mockImplementation((node, ctx) => {
      const first = node.arguments[0];
      if (first === undefined || ctx.ts.isObjectLiteralExpression(first)) return;
      const intent = { kind: 'signal', rule: 'signals', site: ctx.site(node), node: ctx.span(node), index: 0, how: 'add-property', argument: ctx.span(first), source: { kind: 'ambient' } } as const;
      ctx.add(intent); // claims an object literal where there is none
    });
    const out = compiled.emit(file, { config: { tasks: false } });
    expect(out.diagnostics.map((d) => [d.leash.source, d.leash.messageId, d.category])).toEqual([['leash/emit', 'internalError', ts.DiagnosticCategory.Warning]]);
    expect(out.js).toBe(compiled.emit(file, { plain: true }).js);
  });

  test('a project where leash/hooks does not resolve gets a warning once, and is still instrumented', () => {
    const dir = mkdtempSync(join(tmpdir(), 'leash-no-runtime-'));
    try {
      const files = ['a.ts', 'b.ts'].map((name) => join(dir, name));
      for (const name of files) writeFileSync(name, 'export const t = setTimeout(() => undefined, 1);\n');
      const program = ts.createProgram({ rootNames: files, options: { ...fixtureOptions(ts), paths: undefined } });
      const diagnostics: LeashDiagnostic[] = [];
      const before = [leashTransformer(program, {}, { ts, addDiagnostic: (d) => diagnostics.push(d as LeashDiagnostic) })];
      let js = '';
      program.emit(undefined, (name, text) => (js += name.endsWith('.js') ? text : ''), undefined, false, { before });
      expect(diagnostics.map((d) => [d.leash.source, d.leash.messageId, d.category])).toEqual([['leash/config', 'runtimeNotFound', ts.DiagnosticCategory.Warning]]);
      expect(js.match(/leash_1\.setTimeout\(/g)).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without ts-patch extras it says how to set it up', () => {
    expect(() => leashTransformer(compiled.program, {}, undefined as never)).toThrow(/compilerOptions\.plugins/);
  });
});
