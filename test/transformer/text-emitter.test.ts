// The text emitter (emit/text.ts) against the ts.factory emitter: every golden fixture's plan is
// written by both, into the TypeScript source and into the JavaScript tsc emitted from it; the
// results, stripped of types and printed the same way, must be the same program. Its source maps
// lead each rewritten call back to the original line and column, through an input map too; the
// runtime import goes after shebangs, header comments and directives, and no line moves.
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { readFileSync } from 'node:fs';
import MagicString from 'magic-string';
import type * as TS from 'typescript';
import { beforeAll, describe, expect, test } from 'vitest';
import type { EmitOptions } from '../../transformer/emit/text';
import { emitText, erasedStart } from '../../transformer/emit/text';
import type { Intent, Plan } from '../../transformer/plan/intent';
import { createFixtureProgram, goldenPath, listFixtures, loadTypeScript, type FixtureProgram } from './harness';

const ts = loadTypeScript('ts6');
const fixtures = listFixtures();

/**
 * Prints a program without comments, its runtime header (`import`/`require` of leash/hooks and
 * `useMode`) and the temporaries' declarations taken out, and the temporaries named `_a`, `_b`...
 * in order: the factory hoists them into the function, the text emitter declares them beside the
 * header. Returns the header count too, which must be one of each.
 */
function normalize(code: string): { text: string; headers: number } {
  const file = ts.createSourceFile('out.js', code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const temps = [...new Set(code.match(/\b(?:_[a-z]|leash_t\d+)\b/g) ?? [])];
  // The factory names the hooks namespace before tsc names the file's own imports, the text
  // emitter after (in emitted JavaScript): name the hooks `leash_hooks`, the others in order.
  const hooks = /(?:import \* as (leash_\d+) from|const (leash_\d+) = require\()\s*"leash\/hooks"/.exec(code);
  const hooksName = hooks?.[1] ?? hooks?.[2];
  const others = [...new Set(code.match(/\bleash_\d+\b/g) ?? [])].filter((name) => name !== hooksName);
  const rename = (name: string): string | undefined => (name === hooksName ? 'leash_hooks' : others.includes(name) ? `leash_${others.indexOf(name) + 1}` : undefined);
  let headers = 0;
  const statements = file.statements.filter((statement) => {
    const text = statement.getText(file);
    if (/^(import \* as leash_\d+ from "leash\/hooks";|const leash_\d+ = require\("leash\/hooks"\);|leash_\d+\.useMode\(".*"\);)$/.test(text)) {
      headers++;
      return false;
    }
    return !/^let leash_t\d+(, leash_t\d+)*;$/.test(text);
  });
  const printer = ts.createPrinter({ removeComments: true });
  const f = ts.factory;
  const isHook = (node: TS.Node, name: string): node is TS.CallExpression =>
    ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ts.isIdentifier(node.expression.expression) && node.expression.expression.text === hooksName && node.expression.name.text === name;
  const isSignalGuard = (node: TS.Node): boolean =>
    ts.isConditionalExpression(node) && ts.isBinaryExpression(node.condition) && node.condition.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken && ts.isVoidExpression(node.condition.right);
  const signalProperty = (signal: TS.Expression): TS.ObjectLiteralElementLike =>
    ts.isIdentifier(signal) && signal.text === 'signal' ? f.createShorthandPropertyAssignment('signal') : f.createPropertyAssignment('signal', signal);
  const dropTempDeclarations = (context: TS.TransformationContext) => (root: TS.SourceFile) => {
    const visit = (node: TS.Node): TS.Node | undefined => {
      // The two emitters pass a signal only when there is one, each its own way: the factory's
      // `S === void 0 ? f(a) : f(a, S)` and the text emitter's `f(a, ...signalArgs(S, omitted, options))`
      // and `{ a, ...signalProperty(S) }` both read here as the call that passes it, `f(a, S)`.
      if (ts.isParenthesizedExpression(node) && isSignalGuard(node.expression)) return visit(node.expression);
      if (ts.isConditionalExpression(node) && ts.isBinaryExpression(node.condition) && node.condition.operatorToken.kind === ts.SyntaxKind.EqualsEqualsEqualsToken && ts.isVoidExpression(node.condition.right) && (ts.isCallExpression(node.whenFalse) || ts.isNewExpression(node.whenFalse))) {
        return visit(node.whenFalse);
      }
      if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && node.arguments !== undefined) {
        const last = node.arguments[node.arguments.length - 1];
        if (last !== undefined && ts.isSpreadElement(last) && isHook(last.expression, 'signalArgs')) {
          const [signal, omitted, options] = last.expression.arguments as unknown as [TS.Expression, TS.NumericLiteral, TS.Expression];
          const added = [...Array<TS.Expression>(Number(omitted.text)).fill(f.createVoidZero()), options.kind === ts.SyntaxKind.TrueKeyword ? f.createObjectLiteralExpression([signalProperty(signal)]) : signal];
          const args = [...node.arguments.slice(0, -1), ...added];
          const rebuilt = ts.isNewExpression(node)
            ? f.updateNewExpression(node, node.expression, undefined, args)
            : ts.isCallChain(node)
              ? f.updateCallChain(node, node.expression, node.questionDotToken, undefined, args)
              : f.updateCallExpression(node, node.expression, undefined, args);
          return ts.visitEachChild(rebuilt, visit, context);
        }
      }
      if (ts.isObjectLiteralExpression(node)) {
        const last = node.properties[node.properties.length - 1];
        if (last !== undefined && ts.isSpreadAssignment(last) && isHook(last.expression, 'signalProperty')) {
          const rebuilt = f.createObjectLiteralExpression([...node.properties.slice(0, -1), signalProperty(last.expression.arguments[0] as TS.Expression)]);
          return ts.visitEachChild(rebuilt, visit, context);
        }
      }
      if (ts.isVariableStatement(node) && node.declarationList.declarations.every((d) => ts.isIdentifier(d.name) && /^_[a-z]$/.test(d.name.text) && d.initializer === undefined)) return undefined;
      if (ts.isIdentifier(node) && temps.includes(node.text)) return ts.factory.createIdentifier(`_${String.fromCharCode(97 + temps.indexOf(node.text))}`);
      if (ts.isIdentifier(node) && rename(node.text) !== undefined) return ts.factory.createIdentifier(rename(node.text) as string);
      return ts.visitEachChild(node, visit, context);
    };
    return ts.visitEachChild(root, visit, context);
  };
  const updated = ts.factory.updateSourceFile(file, statements);
  const transformed = ts.transform(updated, [dropTempDeclarations]).transformed[0] as TS.SourceFile;
  return { text: printer.printFile(transformed), headers };
}

describe.each(['esm', 'cjs'] as const)('%s: the text emitter writes what the factory emitter writes', (format) => {
  const cases = fixtures.filter((fixture) => fixture.formats.includes(format));
  let compiled: FixtureProgram;
  beforeAll(() => {
    compiled = createFixtureProgram(ts, format, cases.map((fixture) => fixture.file), { sourceMap: true });
  });

  test.each(cases.map((fixture) => [`${fixture.rule}/${fixture.name}`, fixture] as const))('%s', (_name, fixture) => {
    const plan = compiled.plan(fixture.file, fixture.config);
    const source = compiled.program.getSourceFile(fixture.file) as TS.SourceFile;
    const options = { mode: fixture.config['mode'] === 'track' ? 'track' : 'bind', requireRuntime: format === 'cjs' } as const;
    const golden = normalize(readFileSync(goldenPath(fixture, format), 'utf8'));
    const plain = compiled.emit(fixture.file, { plain: true });

    // Into the TypeScript source, then stripped as a bundler would.
    const fromSource = emitText(ts, { code: source.text, original: source }, plan, options);
    const module = format === 'esm' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS;
    const stripped = !fromSource?.written ? plain.js : ts.transpileModule(fromSource.code, { fileName: fixture.file, compilerOptions: { ...compiled.program.getCompilerOptions(), module, sourceMap: false } }).outputText;
    // Into the JavaScript tsc emitted, placed through tsc's source map.
    const fromEmitted = emitText(ts, { code: plain.js, original: source, map: plain.map }, plan, options);
    expect(fromEmitted?.unplaced ?? []).toEqual([]);

    const expectedHeaders = plan.intents.length > 0 ? 2 : 0;
    expect(golden.headers).toBe(expectedHeaders);
    for (const written of [stripped, fromEmitted?.written ? fromEmitted.code : plain.js]) {
      const out = normalize(written);
      expect(out.headers).toBe(expectedHeaders);
      expect(out.text).toBe(golden.text);
    }
  });
});

describe('source maps', () => {
  const cases = fixtures.filter((fixture) => fixture.formats.includes('esm'));
  let compiled: FixtureProgram;
  beforeAll(() => {
    compiled = createFixtureProgram(ts, 'esm', cases.map((fixture) => fixture.file), { sourceMap: true });
  });

  /** Every rewritten call (each `leash_1.<hook>(` the plan wrote, but for added signals) traces to its original start. */
  function expectCallsTraceBack(plan: Plan, source: TS.SourceFile, code: string, map: string, erased = false): number {
    const trace = new TraceMap(map);
    const lineStarts = [0, ...[...code.matchAll(/\n/g)].map((m) => (m.index as number) + 1)];
    const generated = (offset: number): { line: number; column: number } => {
      const line = lineStarts.findLastIndex((start) => start <= offset);
      return { line: line + 1, column: offset - (lineStarts[line] as number) };
    };
    let checked = 0;
    const from = { resume: 0, detach: 0 };
    for (const intent of plan.intents) {
      if (intent.kind === 'signal') continue;
      let at: number;
      if (intent.kind === 'resume' || intent.kind === 'detach') {
        at = code.indexOf(intent.kind === 'resume' ? 'leash_1.resumed(' : 'leash_1.detach(', from[intent.kind]);
        from[intent.kind] = at + 1;
      } else {
        at = code.lastIndexOf('leash_1.', code.indexOf(JSON.stringify(intent.site)));
        if (intent.kind === 'method-call' && intent.optional) {
          // the guard starts the rewritten text: `r == null ? void 0 : leash_1.addListener(site, r, ...)`,
          // or `(leash_t1 = r) == null ? ...` for a receiver that is not a plain name
          const receiver = /^leash_1\.\w+\("[^"]*", ([\w$]+)/.exec(code.slice(at))?.[1] as string;
          at = code.lastIndexOf(receiver.startsWith('leash_t') ? `(${receiver} = ` : `${receiver} == null`, at);
        }
      }
      expect(at, `${intent.kind} at ${intent.site}`).toBeGreaterThanOrEqual(0);
      // observeAll and `leash.at(site, argument)` wrap an argument: they map to where the argument starts
      // Placed in tsc's output, a call whose callee starts with `(x as T)` starts at `x`: tsc erased the rest (erasedStart).
      const start = erased && intent.kind !== 'resume' ? erasedStart(ts, source, intent.node.start, intent.node.end) : intent.node.start;
      const original = source.getLineAndCharacterOfPosition(intent.kind === 'observe' ? argumentStart(source.text, intent.node.start) : intent.kind === 'caller-site' ? intent.argument.start : start);
      const traced = originalPositionFor(trace, generated(at));
      expect({ site: intent.site, line: traced.line, column: traced.column }).toEqual({ site: intent.site, line: original.line + 1, column: original.character });
      expect(traced.source?.endsWith(source.fileName.split('/').pop() as string)).toBe(true);
      checked++;
    }
    return checked;
  }

  test.each(cases.map((fixture) => [`${fixture.rule}/${fixture.name}`, fixture] as const))('%s', (_name, fixture) => {
    const plan = compiled.plan(fixture.file, fixture.config);
    const source = compiled.program.getSourceFile(fixture.file) as TS.SourceFile;
    const options = { mode: 'bind', requireRuntime: false } as const;
    const expected = plan.intents.filter((intent) => intent.kind !== 'signal').length;
    const fromSource = emitText(ts, { code: source.text, original: source }, plan, options);
    const plain = compiled.emit(fixture.file, { plain: true });
    const fromEmitted = emitText(ts, { code: plain.js, original: source, map: plain.map }, plan, options);
    if (expected === 0) return;
    if (!fromSource?.written || !fromEmitted?.written) throw new Error('nothing written');
    expect(expectCallsTraceBack(plan, source, fromSource.code, fromSource.map.toString())).toBe(expected);
    // The emitted-JS map chains tsc's map: it leads to the .ts, not to the .js.
    expect(expectCallsTraceBack(plan, source, fromEmitted.code, fromEmitted.map.toString(), true)).toBe(expected);
  });
});

describe('the runtime header', () => {
  const write = (code: string, options: EmitOptions = { mode: 'track', requireRuntime: false }): string => {
    const file = ts.createSourceFile('/project/src/a.ts', code, ts.ScriptTarget.Latest, true);
    const call = code.indexOf('go()');
    const plan: Plan = { file: 'src/a.ts', notes: [], failures: [], intents: [{ kind: 'spawn', rule: 'tasks', site: 'src/a.ts:1:1', node: { start: call, end: call + 4 }, shared: false }] };
    const out = emitText(ts, { code, original: file }, plan, options);
    if (!out?.written) throw new Error('nothing written');
    expect(out.code.split('\n').length, 'no line moves').toBe(code.split('\n').length);
    return out.code;
  };

  test('after a shebang and a license comment, on the first statement line', () => {
    const code = '#!/usr/bin/env node\n/*! license: MIT */\n// about this file\nimport { go } from "./go";\ngo();\n';
    expect(write(code)).toBe('#!/usr/bin/env node\n/*! license: MIT */\n// about this file\nimport * as leash_1 from "leash/hooks"; leash_1.useMode("track"); import { go } from "./go";\nleash_1.task("src/a.ts:1:1", go());\n');
  });

  test('after directives, as require() for CommonJS', () => {
    const code = '"use strict";\n\'use client\';\nconst { go } = require("./go");\ngo();\n';
    expect(write(code, { mode: 'bind', requireRuntime: true })).toBe('"use strict";\n\'use client\'; const leash_1 = require("leash/hooks"); leash_1.useMode("bind");\nconst { go } = require("./go");\nleash_1.spawn("src/a.ts:1:1", /* istanbul ignore next */ () => go());\n');
  });

  test('a file already using leash_1 gets the next free name', () => {
    const code = 'const leash_1 = 1;\ngo();\n';
    expect(write(code)).toContain('import * as leash_2 from "leash/hooks"; leash_2.useMode("track"); const leash_1 = 1;\nleash_2.task(');
  });
});

describe('callbacks written across lines, in a bind build', () => {
  // `load().then(` with its callbacks on their own lines: moving them behind the thunk moves
  // `)` up, which only output read through its source map can afford (`EmitOptions.mapped`).
  // (A track build writes no thunk: see 'a track build'.)
  const code = 'load().then(\n  (text) => log(text),\n  (error) => log(error),\n);\n';
  const write = (mapped: boolean) => {
    const file = ts.createSourceFile('/project/src/a.ts', code, ts.ScriptTarget.Latest, true);
    const end = code.indexOf(');') + 1;
    const plan: Plan = { file: 'src/a.ts', notes: [], failures: [], intents: [{ kind: 'spawn', rule: 'tasks', site: 'src/a.ts:1:1', node: { start: 0, end }, shared: false }] };
    const out = emitText(ts, { code, original: file }, plan, { mode: 'bind', requireRuntime: false, mapped });
    if (!out?.written) throw new Error('nothing written');
    return { code: out.code.slice(out.code.indexOf('leash_1.spawn(')), map: out.map, whole: out.code };
  };

  test('stay in the call, every line where it was, where nothing maps the output back (leash/node)', () => {
    expect(write(false).code).toBe('leash_1.spawn("src/a.ts:1:1", () => load().then(\n  (text) => log(text),\n  (error) => log(error),\n));\n');
  });

  test('move behind the thunk where the output is read through its map (bundlers, vitest), and map back to where they were written', () => {
    const out = write(true);
    expect(out.code).toBe('leash_1.spawn("src/a.ts:1:1", /* istanbul ignore next */ (leash_f1, leash_f2) => load().then(\n  leash_f1,\n  leash_f2,\n), void 0, [(text) => log(text), (error) => log(error)]);\n');
    const trace = new TraceMap(out.map.toString());
    const lines = out.whole.split('\n');
    for (const [callback, line, column] of [['(text) => log(text)', 2, 2], ['(error) => log(error)', 3, 2]] as const) {
      const at = lines.findIndex((text) => text.includes(callback));
      const traced = originalPositionFor(trace, { line: at + 1, column: lines[at]!.indexOf(callback) });
      expect({ callback, line: traced.line, column: traced.column }).toEqual({ callback, line, column });
    }
  });
});

describe("the map Node's test coverage reads (leash/node: the source in, the map not read by a bundler)", () => {
  // Node maps a coverage range through the segment at or before each end, at that segment's own
  // original column, and may look a range starting at a line's column 0 up one past the end of the
  // line before. A range starts and ends at a token's edge, never inside a word: so each word's
  // first and last character, every other character of a line leash left as it was, its line
  // break and one past its end must each have the position they name, and a thunk's start none.
  const code = [
    "import { Pool } from './pool.ts';",
    'let pool: Pool | undefined;',
    'export function names(list: string[]): string[] {',
    '  pool ??= new Pool();',
    '  const out: string[] = [];',
    '  list.forEach((name) => {',
    "    if (name === '*') return",
    '    out.push(name)',
    '  })',
    '',
    '  return out',
    '}',
    '',
  ].join('\n');
  const write = (options: Partial<EmitOptions> = {}): { code: string; trace: TraceMap } => {
    const file = ts.createSourceFile('/project/src/a.ts', code, ts.ScriptTarget.Latest, true);
    const start = code.indexOf('new Pool()');
    const intents: Intent[] = [{ kind: 'detach', rule: 'ownership', site: 'src/a.ts:4:12', node: { start, end: start + 'new Pool()'.length } }];
    const out = emitText(ts, { code, original: file }, { file: 'src/a.ts', notes: [], failures: [], intents }, { mode: 'track', requireRuntime: false, ...options });
    if (!out?.written) throw new Error('nothing written');
    return { code: out.code, trace: new TraceMap(out.map.toString()) };
  };
  const at = (trace: TraceMap, line: number, column: number): string => {
    const found = originalPositionFor(trace, { line: line + 1, column });
    return found.line === null ? 'no source' : `${found.line - 1}:${found.column}`;
  };

  test('each edge of a word, every other column of a line left as it was, its break and one past it lead to where they name; the thunk leads nowhere', () => {
    const { code: out, trace } = write();
    const lines = out.split('\n');
    const original = code.split('\n');
    expect(lines).toHaveLength(original.length);
    for (let line = 1; line < original.length - 1; line++) {
      if (lines[line] !== original[line] || original[line] === '') continue;
      const text = original[line]!;
      const word = (column: number): boolean => /\w/.test(text[column] ?? '');
      for (let column = 0; column <= text.length; column++) {
        if (word(column) && word(column - 1) && word(column + 1)) continue;
        expect(at(trace, line, column), `${line}:${column}`).toBe(`${line}:${column}`);
      }
      // (A range never starts on an empty line.)
      if (original[line + 1] !== '') expect(at(trace, line, text.length + 1), `past ${line}`).toBe(`${line + 1}:0`);
    }
    // `  pool ??= leash_1.detach(/* istanbul ignore next */ () => new Pool());`
    const rewritten = lines[3]!;
    expect(rewritten).toContain('leash_1.detach(/* istanbul ignore next */ () => new Pool())');
    expect(at(trace, 3, rewritten.indexOf('() =>'))).toBe('no source');
    expect(at(trace, 3, rewritten.indexOf('new Pool'))).toBe(`3:${original[3]!.indexOf('new Pool')}`);
    expect(at(trace, 3, rewritten.indexOf('detach'))).toBe(`3:${original[3]!.indexOf('new Pool')}`);
  });

  test('under a bundler or vitest (mapped), the thunk keeps its mapping: their providers read the coverage hint', () => {
    const { code: out, trace } = write({ mapped: true });
    const rewritten = out.split('\n')[3]!;
    expect(at(trace, 3, rewritten.indexOf('() =>'))).toBe(`3:${code.split('\n')[3]!.indexOf('new Pool')}`);
  });
});

describe('a track build', () => {
  // Nothing is refused in track mode, so a detached call needs no thunk: the output holds no
  // function of leash's (coverage counts the functions plain code has, on every host), and the
  // call's own `this` and `arguments` are its caller's below ES2015 with nothing passed along.
  const write = (code: string, options: Partial<EmitOptions> = {}): string => {
    const file = ts.createSourceFile('/project/src/a.ts', code, ts.ScriptTarget.Latest, true);
    const intents = [...code.matchAll(/(?:save|load)\([^;]*\)(?=;)/g)].map((match, i): Intent => ({ kind: 'spawn', rule: 'tasks', site: `src/a.ts:${i + 1}:1`, node: { start: match.index, end: match.index + match[0].length }, shared: false }));
    const out = emitText(ts, { code, original: file }, { file: 'src/a.ts', notes: [], failures: [], intents }, { mode: 'track', requireRuntime: false, ...options });
    if (!out?.written) throw new Error('nothing written');
    return out.code.slice(out.code.indexOf('\n') + 1);
  };

  test('writes task(site, call): the call where it was, the value it returned observed', () => {
    const code = 'const x = 1;\nfunction record() {\n  save(arguments[0]);\n  load().then(\n    (text) => log(text),\n  );\n}\n';
    const expected = 'function record() {\n  leash_1.task("src/a.ts:1:1", save(arguments[0]));\n  leash_1.task("src/a.ts:2:1", load().then(\n    (text) => log(text),\n  ));\n}\n';
    for (const options of [{}, { mapped: true }, { es5: true }]) expect(write(code, options), JSON.stringify(options)).toBe(expected);
  });
});

test('an input map is chained: positions lead to the file before the earlier step', () => {
  // An earlier step moved the code two lines down; the plan is made on its output.
  const before = 'go();\n';
  const earlier = new MagicString(before);
  earlier.prepend('// added\n// by a plugin\n');
  const code = earlier.toString();
  const file = ts.createSourceFile('/project/src/a.ts', code, ts.ScriptTarget.Latest, true);
  const start = code.indexOf('go()');
  const plan: Plan = { file: 'src/a.ts', notes: [], failures: [], intents: [{ kind: 'spawn', rule: 'tasks', site: 'src/a.ts:3:1', node: { start, end: start + 4 }, shared: false }] };
  const inputMap = earlier.generateMap({ hires: true, source: 'a.ts', includeContent: true }).toString();
  const out = emitText(ts, { code, original: file, map: inputMap }, plan, { mode: 'bind', requireRuntime: false });
  if (!out?.written) throw new Error('nothing written');
  const line = out.code.split('\n').findIndex((text) => text.includes('leash_1.spawn('));
  const traced = originalPositionFor(new TraceMap(out.map.toString()), { line: line + 1, column: out.code.split('\n')[line]?.indexOf('leash_1.spawn(') as number });
  expect({ source: traced.source, line: traced.line, column: traced.column }).toEqual({ source: 'a.ts', line: 1, column: 0 });
});

test('when no intent can be placed in the emitted JavaScript, the text is left as it was and each intent says why', () => {
  // The compiler's map leads no emitted call back to the planned one: nothing is written, and the host is told so.
  const file = ts.createSourceFile('/project/src/a.ts', 'go();', ts.ScriptTarget.Latest, true);
  const plan: Plan = { file: 'src/a.ts', notes: [], failures: [], intents: [{ kind: 'spawn', rule: 'tasks', site: 'src/a.ts:1:1', node: { start: 0, end: 4 }, shared: false }] };
  const map = { version: 3, sources: ['a.ts'], names: [], mappings: '' };
  const out = emitText(ts, { code: '"use strict";\ngo();\n', original: file, map }, plan, { mode: 'bind', requireRuntime: true });
  expect(out?.written).toBe(false);
  expect(out?.unplaced.map(({ intent, reason }) => `${intent.site}: ${reason}`)).toEqual(['src/a.ts:1:1: the emitted JavaScript has no call that maps to src/a.ts:1:1']);
});

test('below ES2015, a file whose only intents are signals is left as it was, not given a runtime load and nothing else', () => {
  const code = 'fetch(url);\n';
  const file = ts.createSourceFile('/project/src/a.ts', code, ts.ScriptTarget.Latest, true);
  const plan: Plan = { file: 'src/a.ts', notes: [], failures: [], intents: [{ kind: 'signal', rule: 'signals', site: 'src/a.ts:1:1', node: { start: 0, end: 10 }, index: 1, how: 'append-options', source: { kind: 'ambient' } }] };
  const out = emitText(ts, { code, original: file }, plan, { mode: 'bind', requireRuntime: true, es5: true });
  expect(out?.written).toBe(false);
  expect(out?.unplaced.map(({ reason }) => reason)).toEqual(['below ES2015 this emitter cannot pass a signal (it would spread it); build with the ts-patch plugin to pass it']);
});

test('emitted JavaScript without its map is refused with what to pass', () => {
  const file = ts.createSourceFile('/project/src/a.ts', 'go();', ts.ScriptTarget.Latest, true);
  const plan: Plan = { file: 'src/a.ts', notes: [], failures: [], intents: [{ kind: 'spawn', rule: 'tasks', site: 'src/a.ts:1:1', node: { start: 0, end: 4 }, shared: false }] };
  expect(() => emitText(ts, { code: 'go();\n', original: file }, plan, { mode: 'bind', requireRuntime: false })).toThrow(/source map is needed.*sourceMap: true/);
});

/** Where the first argument of the call starting at `callStart` starts: after its `(` and any white space. */
function argumentStart(text: string, callStart: number): number {
  let at = text.indexOf('(', callStart) + 1;
  while (/\s/.test(text[at] as string)) at++;
  return at;
}
