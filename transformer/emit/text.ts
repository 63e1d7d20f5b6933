/**
 * The text emitter: writes a plan into source text with magic-string, for hosts that hand leash
 * text instead of a TypeScript AST (bundler plugins, `leash build` on TypeScript 7). It writes the
 * same calls as the ts.factory emitter (`emit/factory.ts`), and never asks the type checker
 * anything: every decision is already in the plan.
 *
 * Two inputs:
 * - the original source (TypeScript before its types are stripped): `code` is the text the plan
 *   was made from, and each intent's span is used as it is;
 * - JavaScript emitted from that source: `code` differs from the original, and its source map
 *   (`map`, emitted JS → original) places each intent: the call or `await` whose start maps to the
 *   intent's start (the n-th of the same start, outermost first, when calls share a start).
 * The result's map leads from the instrumented text to the original source (an input map is
 * chained with @jridgewell/remapping), so stack traces and site ids name the same line and column.
 *
 * The runtime comes in on the line of the first statement, after a shebang, header comments
 * (`/*! license *\/`) and directives (`"use strict"`), which stay where they are; no line moves.
 */
import { allGeneratedPositionsFor, TraceMap } from '@jridgewell/trace-mapping';
import MagicString, { SourceMap, type SourceMapSegment } from 'magic-string';
import type * as TS from 'typescript';
import { globalCallHook, spawnHook, type CallerSiteIntent, type Intent, type MethodCallIntent, type ObserveIntent, type Plan, type SignalIntent, type SignalSource, type SpawnHook, type SpawnIntent } from '../plan/intent';
import { skipParentheses } from '../plan/util/nodes';
import type { Mode } from '../config';
import { COVERAGE_HINT, coverageHoist, freeName, freeNames, lexicalUses, mayMove } from './thunks';
import { RUNTIME_MODULE } from './runtime-load';

/** How the text emitter writes: the mode, and whether the file loads the runtime with `require` (else an import). */
export interface EmitOptions {
  readonly mode: Mode;
  readonly requireRuntime: boolean;
  /**
   * `code` is ES5 (`leash build` on TypeScript 6.0/5.9 with `target: es5`): a thunk is
   * `function () { return call; }` with the caller's `this` (and `arguments`) passed when the call
   * reads them, declarations are `var`, and a signal, which this emitter passes with a spread,
   * is not passed: each such intent comes back in `unplaced`.
   */
  readonly es5?: boolean;
  /**
   * `code` may use `??` and `?.` (ES2020 and later; the default). `leash build` on TypeScript
   * 6.0/5.9 with an older target sets it false: a signal read falls back to the ambient one with
   * a conditional, reading the caller's value once, as TypeScript lowers `??`.
   */
  readonly nullish?: boolean;
  /**
   * The output is read only through its source map (a bundler's or vitest's module, whose stack
   * traces and coverage are mapped back): functions a thunk takes may move across lines. By
   * default every line of a call stays on its line (`keepsLines`), for leash/node, whose stack
   * traces name the lines of the text Node runs unless `--enable-source-maps` is on.
   */
  readonly mapped?: boolean;
}

/** A source map as JSON text or object (what bundlers and compilers hand over). */
export type SourceMapInput = string | { readonly mappings: string; readonly sources: readonly (string | null)[]; readonly version: number };

// Loaded with require: the package's CommonJS type file (`export = function ...`) does not parse under TypeScript 6.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const remapping = require('@jridgewell/remapping') as (maps: SourceMapInput[], loader: () => null) => EncodedMap;

export interface TextInput {
  /** The text to instrument: the original source, or JavaScript emitted from it. */
  readonly code: string;
  /** The parsed original source the plan's positions refer to. */
  readonly original: TS.SourceFile;
  /** Source map of `code`; required when `code` is emitted JavaScript (it leads back to `original`). */
  readonly map?: SourceMapInput | null;
}

export interface EncodedMap {
  version: number;
  file?: string | null;
  sources: readonly (string | null)[];
  sourcesContent?: readonly (string | null)[];
  names: readonly string[];
  mappings: string;
  toString(): string;
}

/** Intents that could not be placed in emitted JavaScript (the compiler rewrote that code), with why. */
export type Unplaced = readonly { readonly intent: Intent; readonly reason: string }[];

export type TextResult =
  | {
      readonly written: true;
      readonly code: string;
      /** Instrumented text → the original source (through the input map, when there is one). */
      readonly map: EncodedMap;
      readonly unplaced: Unplaced;
    }
  /** The plan had intents and none could be placed: the text stays as it was, and `unplaced` says why for each. */
  | { readonly written: false; readonly unplaced: Unplaced };

/** Returns the instrumented text and its map, or undefined when the plan has nothing to write. */
export function emitText(ts: typeof TS, input: TextInput, plan: Plan, options: EmitOptions): TextResult | undefined {
  if (plan.intents.length === 0) return undefined;
  const { original } = input;
  const isSource = input.code === original.text;
  const target = isSource ? original : ts.createSourceFile(`${original.fileName}.js`, input.code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const unplaced: { intent: Intent; reason: string }[] = [];
  const grouped = isSource ? groupInSource(ts, original, plan.intents, unplaced) : groupInEmitted(ts, original, target, input.map, plan.intents, unplaced);
  const groups = options.es5 === true ? withoutSignals(grouped, unplaced) : grouped;
  // Nothing to place: the text stays as it was (the compiler's output, byte for byte), not that plus a runtime load.
  if (groups.length === 0) return { written: false, unplaced };

  const s = new MagicString(input.code);
  const ns = freeName(input.code, 'leash_', 1);
  let temps = 0;
  const tempNames: string[] = [];
  const text = (node: TS.Node): string => input.code.slice(node.getStart(target), node.end);
  const hook = (name: string): string => `${ns}.${name}`;
  const site = (intent: Intent): string => JSON.stringify(intent.site);
  /**
   * Text written in front of an offset, outermost first. It is written by replacing the first
   * character there (or the range a `replace` names), not by an insert: magic-string maps an
   * edited range to the original position, but leaves inserted text without a mapping, and a
   * stack frame in `leash.spawn(...)` must lead back to the call's line and column.
   */
  const openers = new Map<number, string>();
  const replacements = new Map<number, { end: number; text: string }>();
  /** Where, in the opener at an offset, each thunk's own text (`() => `) is: `unmapThunks` leaves it out of the map. */
  const thunkTexts = new Map<number, Array<{ from: number; to: number }>>();
  /** Writes `text` in front of `offset`; `thunk` is where in `text` a thunk's `() => ` is, when it holds one. */
  const open = (offset: number, text: string, thunk?: { from: number; to: number }): void => {
    const before = openers.get(offset) ?? '';
    openers.set(offset, before + text);
    if (thunk === undefined) return;
    const texts = thunkTexts.get(offset) ?? [];
    texts.push({ from: before.length + thunk.from, to: before.length + thunk.to });
    thunkTexts.set(offset, texts);
  };
  /**
   * `callee(` + the thunk (`opener`, its coverage hint first), with where the thunk's own text is
   * when its call holds nothing V8 counts as a branch (`held`, from `coverageHoist`; functions are
   * V8's own): a thunk holding a branch stays in the map, as Node would count that branch as a
   * function of its own if the thunk's start were left out.
   */
  const openThunk = (offset: number, callee: string, opener: string, held: ReturnType<typeof coverageHoist>): void => {
    const from = callee.length + (opener.startsWith(COVERAGE_HINT) ? COVERAGE_HINT.length + 1 : 0);
    open(offset, `${callee}${opener}`, held === undefined ? undefined : { from, to: callee.length + opener.length });
  };

  const es5 = options.es5 === true;
  const nullish = options.nullish !== false;
  /** `() => ` and the closing `)`, below ES2015 `function () { return ` and `; }` with what the call reads of its function. */
  const thunk = (node: TS.Node, held: ReturnType<typeof coverageHoist>): { open: string; close: string } => {
    const hint = held?.length === 0 ? `${COVERAGE_HINT} ` : '';
    if (!es5) return { open: `${hint}() => `, close: ')' };
    const uses = lexicalUses(ts, node);
    return { open: `${hint}function () { return `, close: `; }${uses.arguments ? ', this, arguments' : uses.this ? ', this' : ''})` };
  };

  // For writeHoisted, once per file: how many groups end at each offset, the groups with a
  // signal the ts.factory emitter writes as a conditional, the names of moved functions.
  const groupsEndingAt = new Map<number, number>();
  for (const group of groups) groupsEndingAt.set(group.node.end, (groupsEndingAt.get(group.node.end) ?? 0) + 1);
  // The ts.factory emitter spreads a signal in as this one does, but for an options literal below
  // ES2018 and a signal read as `o == null ? void 0 : o.signal` below ES2020: conditionals (all
  // of ES2018-2019 taken as below, where this emitter only knows `??` is not there: the thunk stays counted).
  const conditional = (intent: Intent): boolean => intent.kind === 'signal' && !nullish && (intent.how === 'add-property' || (intent.source.kind === 'option' && intent.source.optionalObject));
  const signalGroups = groups.filter((group) => group.intents.some(conditional));
  let thunkNames: string[] = [];

  for (const group of groups) {
    const { node, intents } = group;
    const start = node.getStart(target);
    if (ts.isAwaitExpression(node)) {
      open(start, `${hook('resumed')}(`);
      s.prependLeft(node.end, ')');
      continue;
    }
    if (intents.some((intent) => intent.kind === 'detach')) {
      const held = coverageHoist(ts, node);
      if (!writeHoisted(node, intents, `${hook('detach')}(`, held)) {
        const { open: opener, close } = thunk(node, held);
        openThunk(start, `${hook('detach')}(`, opener, held);
        s.prependLeft(node.end, close);
      }
    }
    if (ts.isNewExpression(node)) {
      const signal = intents.find((intent): intent is SignalIntent => intent.kind === 'signal');
      if (signal !== undefined) writeSignal(node, signal);
      continue;
    }
    const call = node as TS.CallExpression;
    const spawn = intents.find((intent): intent is SpawnIntent => intent.kind === 'spawn');
    // `track` mode refuses nothing, so the call needs no thunk: `ns.task(site, call)`.
    const thunked = spawn !== undefined && options.mode !== 'track';
    if (spawn !== undefined && !thunked) wrapValue(call, spawnHook(spawn, true), spawn);
    const held = thunked ? coverageHoist(ts, call) : undefined;
    if (thunked && !writeHoisted(call, intents, `${hook(spawnHook(spawn, false))}(${site(spawn)}, `, held)) {
      const { open: opener, close } = thunk(call, held);
      openThunk(start, `${hook(spawnHook(spawn, false))}(${site(spawn)}, `, opener, held);
      s.prependLeft(call.end, close);
    }
    const signal = intents.find((intent): intent is SignalIntent => intent.kind === 'signal');
    if (signal !== undefined) writeSignal(call, signal);
    const observe = intents.find((intent): intent is ObserveIntent => intent.kind === 'observe');
    if (observe !== undefined) wrapValue(call.arguments[0], 'observeAll', observe, observe.skip === 0 ? '' : `, ${observe.skip}`);
    const caller = intents.find((intent): intent is CallerSiteIntent => intent.kind === 'caller-site');
    if (caller !== undefined) wrapValue(call.arguments[caller.index], 'at', caller);
    const replaced = intents.find((intent) => intent.kind === 'global-call' || intent.kind === 'method-call');
    if (replaced?.kind === 'global-call' && replaced.receiver !== undefined) {
      // `window.setTimeout(a)` → `ns.setTimeoutOn(site, window, a)`, written as a method call's receiver is.
      const receiver = (call.expression as TS.PropertyAccessExpression).expression;
      open(receiver.getStart(target), `${hook(globalCallHook(replaced))}(${site(replaced)}, `);
      s.update(receiver.end, call.arguments.pos, call.arguments.length > 0 ? ', ' : '');
    } else if (replaced?.kind === 'global-call') {
      replacements.set(call.expression.getStart(target), { end: call.expression.end, text: hook(globalCallHook(replaced)) });
      s.appendLeft(call.arguments.pos, call.arguments.length > 0 ? `${site(replaced)}, ` : site(replaced));
    } else if (replaced?.kind === 'method-call') {
      writeMethodCall(call, replaced);
    }
  }

  /**
   * `p.catch(() => {})` → `ns.spawn(site, /* istanbul ignore next *\/ (leash_f1) => p.catch(leash_f1), void 0, [() => {}])`
   * (`coverageHoist`): each function the call holds is moved, text and edits, behind the thunk,
   * which the runtime applies to them; their source map still leads to where they were written.
   * Only for a node with this one intent (`opener` is the hook's call up to the thunk), and
   * nothing else closing where it ends, whose every other thing coverage counts is such a
   * function; false, writing nothing, otherwise.
   */
  function writeHoisted(node: TS.CallExpression | TS.NewExpression, intents: readonly Intent[], opener: string, functions: ReturnType<typeof coverageHoist>): boolean {
    if (es5 || intents.length !== 1 || (groupsEndingAt.get(node.end) ?? 0) > 1) return false;
    // A signal inside that the ts.factory emitter writes as a conditional (a branch, so no
    // hoisting there): both emitters write the same thunk.
    if (signalGroups.some((group) => group.node.pos >= node.pos && group.node.end <= node.end)) return false;
    if (functions === undefined || functions.length === 0) return false;
    // Decided on the call as written, as the ts.factory emitter decides (in emitted JavaScript, the call the intent names).
    const written = isSource ? node : nodesStartingAt(ts, original, intents[0]!.node.start, false).find((candidate) => candidate.end === intents[0]!.node.end);
    if (written === undefined || !mayMove(ts, original, written, functions.length, isSource ? functions : undefined, options.mapped === true)) return false;
    const start = node.getStart(target);
    // `void function () {}()` in emitted JavaScript: the thunk's opener is written into the function's first character.
    if (functions[0]!.getStart(target) === start) return false;
    // The call's own `)` becomes the hook's (below): a call not ending in one is left as it is.
    if (input.code[node.end - 1] !== ')') return false;
    if (thunkNames.length < functions.length) thunkNames = freeNames(input.code, functions.length);
    const names = thunkNames.slice(0, functions.length);
    // One parameter without parentheses, as TypeScript's printer writes the factory emitter's.
    openThunk(start, opener, `${COVERAGE_HINT} ${names.length === 1 ? names[0] : `(${names.join(', ')})`} => `, functions);
    // The call's own `)` closes the hook's call instead, and the thunk's call gets a written one:
    // the statement still ends on the text of the call's end, which a coverage report reads through
    // the map as the statement's last line (the functions may have moved up from below it).
    // A last function right before that `)` stays where it is, and the others move to its start.
    const close = node.end - 1;
    const last = functions[functions.length - 1]!;
    const stays = last.end === close ? last : undefined;
    const to = stays === undefined ? close : stays.getStart(target);
    functions.forEach((fn, i) => {
      const from = fn.getStart(target);
      if (fn === stays) s.appendLeft(from, `${names[i]!}), void 0, [`);
      else {
        s.move(from, fn.end, to);
        s.appendLeft(from, names[i]!);
      }
      s.appendLeft(fn.end, fn === last ? ']' : ', ');
    });
    if (stays === undefined) s.appendLeft(close, '), void 0, [');
    return true;
  }

  /** `r.on(e, f)` → `ns.addListener(site, r, "on", e, f)`; in an optional chain `r == null ? void 0 : ...`. */
  function writeMethodCall(call: TS.CallExpression, intent: MethodCallIntent): void {
    const receiver = (call.expression as TS.PropertyAccessExpression).expression;
    const from = receiver.getStart(target);
    const method = intent.passMethod ? `, ${JSON.stringify(intent.method)}` : '';
    const rest = `${method}${call.arguments.length > 0 ? ', ' : ''}`;
    const invoke = `${hook(intent.hook)}(${site(intent)}, `;
    if (!intent.optional) {
      open(from, invoke);
      s.update(receiver.end, call.arguments.pos, rest);
      return;
    }
    const wrap = needsParentheses(ts, call);
    const paren = wrap ? `${startsStatement(ts, call, target) ? ';' : ''}(` : '';
    if (ts.isIdentifier(receiver) || receiver.kind === ts.SyntaxKind.ThisKeyword) {
      const name = text(receiver);
      open(from, `${paren}${name} == null ? void 0 : ${invoke}`);
      s.update(receiver.end, call.arguments.pos, rest);
    } else {
      const temp = freeName(input.code, 'leash_t', ++temps);
      tempNames.push(temp);
      open(from, `${paren}(${temp} = `);
      s.update(receiver.end, call.arguments.pos, `) == null ? void 0 : ${invoke}${temp}${rest}`);
    }
    if (wrap) s.prependLeft(call.end, ')');
  }

  /** `value` → `ns.<name>(site, value<after>)` (`observeAll` and `at` around an argument, `task` around a call), its own text kept in place. */
  function wrapValue(value: TS.Expression | undefined, name: 'observeAll' | 'at' | SpawnHook, intent: Intent, after = ''): void {
    if (value === undefined) return;
    open(value.getStart(target), `${hook(name)}(${site(intent)}, `);
    s.prependLeft(value.end, `${after})`);
  }

  /**
   * The signal goes in by spreading what the runtime returns (`f(a, ...ns.signalArgs(S, 0, false))`,
   * `{ a, ...ns.signalProperty(S) }`), which is nothing when S is `undefined` (the root scope, track
   * mode): the callee then gets exactly the caller's arguments. The ts.factory emitter writes the
   * same, but where TypeScript would lower the spread: there `S === void 0 ? f(a) : f(a, S)`, which
   * needs no helper; this text is written into ES2015+ (TypeScript 7's output, or source a bundler
   * lowers afterwards).
   */
  function writeSignal(call: TS.CallExpression | TS.NewExpression, intent: SignalIntent): void {
    const signal = signalExpression(intent.source);
    const args = call.arguments ?? ts.factory.createNodeArray<TS.Expression>();
    const append = (options: boolean): void => {
      // Omitted optional parameters before the signal's: `undefined`, as they were.
      const spread = `...${hook('signalArgs')}(${signal}, ${Math.max(0, intent.index - args.length)}, ${options})`;
      const last = args[args.length - 1];
      if (call.arguments === undefined) s.appendLeft(call.end, `(${spread})`);
      else if (last === undefined) s.appendLeft(args.pos, spread);
      else s.appendLeft(last.end, `, ${spread}`);
    };
    switch (intent.how) {
      case 'append-signal':
        append(false);
        break;
      case 'append-options':
        append(true);
        break;
      case 'add-property': {
        const literal = skipParentheses(ts, args[intent.index] as TS.Expression);
        if (!ts.isObjectLiteralExpression(literal)) throw new Error(`expected an object literal at argument ${intent.index} of ${intent.site}`);
        const last = literal.properties[literal.properties.length - 1];
        const spread = `...${hook('signalProperty')}(${signal})`;
        if (last === undefined) s.appendLeft(literal.properties.pos, ` ${spread} `);
        else s.appendLeft(last.end, `, ${spread}`);
        break;
      }
      case 'with-signal': {
        const argument = args[intent.index] as TS.Expression;
        open(argument.getStart(target), `${hook('withSignal')}(`);
        s.prependLeft(argument.end, `, ${signal})`);
        break;
      }
    }
  }

  /** `ns.signal(own)`: the function's own signal (a binding, or an options parameter's `.signal`), `ns.signal()` without one. */
  function signalExpression(source: SignalSource): string {
    switch (source.kind) {
      case 'ambient':
        return `${hook('signal')}()`;
      case 'binding':
        return `${hook('signal')}(${source.name})`;
      case 'option': {
        const read = !source.optionalObject ? `${source.object}.signal` : nullish ? `${source.object}?.signal` : `${source.object} == null ? void 0 : ${source.object}.signal`;
        return `${hook('signal')}(${read})`;
      }
    }
  }

  for (const [offset, text] of openers) {
    const replaced = replacements.get(offset);
    if (replaced !== undefined) replacements.delete(offset);
    const end = replaced?.end ?? offset + 1;
    s.update(offset, end, text + (replaced?.text ?? input.code.slice(offset, end)));
  }
  for (const [offset, { end, text }] of replacements) s.update(offset, end, text);

  const load = options.requireRuntime ? `${es5 ? 'var' : 'const'} ${ns} = require(${JSON.stringify(RUNTIME_MODULE)});` : `import * as ${ns} from ${JSON.stringify(RUNTIME_MODULE)};`;
  const temp = tempNames.length > 0 ? ` ${es5 ? 'var' : 'let'} ${tempNames.join(', ')};` : '';
  const header = `${load} ${hook('useMode')}(${JSON.stringify(options.mode)});${temp}`;
  const at = headerPosition(ts, target);
  if (at.afterDirective) s.appendLeft(at.offset, ` ${header}`);
  else s.prependRight(at.offset, `${header} `);

  const source = original.fileName;
  const code = s.toString();
  const decoded = s.generateDecodedMap({ hires: 'boundary', source, includeContent: true });
  if (options.mapped !== true) {
    const lines = code.split('\n');
    if (thunkTexts.size > 0) unmapThunks(decoded.mappings, (offset) => target.getLineAndCharacterOfPosition(offset), openers, thunkTexts);
    if (isSource) markWordEnds(decoded.mappings, lines, input.code);
    bridgeLineEnds(decoded.mappings, lines);
  }
  const ours = new SourceMap(decoded);
  const map = (input.map ? remapping([ours.toString(), input.map], () => null) : ours) as EncodedMap;
  return { written: true, code, map, unplaced };
}

/**
 * Leaves each thunk's own text (`() => `) out of the map: a segment with no source where it
 * starts, and the opener's mapping again where it ends. Node's test coverage (`node --test
 * --experimental-test-coverage --enable-source-maps`) skips a function whose start maps to no
 * source, so it counts no function of leash's, as plain counts none; a stack frame is never at
 * those columns (the call in the thunk, and the hook's call before it, keep their mapping). Not
 * under `mapped` hosts: vitest's providers and istanbul read the coverage hint instead.
 *
 * Each opener replaced the first character of what it opens (`openers`), so the map has exactly
 * one segment for that character: the opener's start, where the thunk's columns are counted from.
 */
function unmapThunks(
  mappings: SourceMapSegment[][],
  locate: (offset: number) => TS.LineAndCharacter,
  openers: ReadonlyMap<number, string>,
  thunkTexts: ReadonlyMap<number, ReadonlyArray<{ from: number; to: number }>>,
): void {
  const wanted = new Map<string, number>();
  for (const offset of thunkTexts.keys()) {
    const { line, character } = locate(offset);
    wanted.set(`${line}:${character}`, offset);
  }
  for (const segments of mappings) {
    for (let i = segments.length - 1; i >= 0; i--) {
      const segment = segments[i]!;
      if (segment.length === 1) continue;
      const offset = wanted.get(`${segment[2]}:${segment[3]}`);
      if (offset === undefined) continue;
      const [column, source, line, character] = segment;
      const openerLength = openers.get(offset)!.length;
      // Not the opener's segment if the next one starts inside the opener.
      if (i + 1 < segments.length && segments[i + 1]![0] <= column + openerLength) continue;
      const inserted: SourceMapSegment[] = [];
      for (const { from, to } of thunkTexts.get(offset)!) inserted.push([column + from], [column + to, source, line, character]);
      segments.splice(i + 1, 0, ...inserted);
      wanted.delete(`${line}:${character}`);
    }
  }
}

/**
 * A segment at the last character of each word written as it was in the source (leash/node): a
 * word-boundary map has one at its first only, and Node's test coverage takes a range's end at
 * the original column of the segment at or before it, without the distance to it, so `return`
 * ending an `if` read as its first character, and a branch of its own was lost (remix's
 * route-pattern.ts). Between two segments, the text is checked to be the source's own.
 */
function markWordEnds(mappings: SourceMapSegment[][], lines: readonly string[], original: string): void {
  const originalLines = original.split('\n');
  mappings.forEach((segments, line) => {
    const text = lines[line];
    if (text === undefined) return;
    const width = lineWidth(text);
    for (let i = segments.length - 1; i >= 0; i--) {
      const segment = segments[i]!;
      if (segment.length < 4) continue;
      const [column, source, sourceLine, sourceColumn] = segment as [number, number, number, number];
      const next = segments[i + 1]?.[0] ?? width;
      const span = next - column;
      if (span > 1 && text.slice(column, next) === originalLines[sourceLine]?.slice(sourceColumn, sourceColumn + span)) {
        segments.splice(i + 1, 0, [next - 1, source, sourceLine, sourceColumn + span - 1]);
      }
    }
  });
}

/**
 * Node's test coverage maps a range through the segment at or before each end, at that segment's
 * own original column (`mapCoverageWithSourceMap` in Node 22 and 24). Two places on a line have
 * no segment of their own:
 * - its line break, where a range after a statement ending the line starts (`if (x) return`):
 *   without one it reads as the start of the line's last character;
 * - one past its end: the search for a range's generated line takes a line's end as inclusive,
 *   so a range starting at column 0 of a line may be looked up there, on the line before, and
 *   the function or branch is reported a line or more too early (remix's lazy-file.ts:
 *   `isBlobLike` on the type alias two lines above it).
 * A segment at each, leading where the line's break and the next line's column 0 lead, gives
 * those lookups the position they meant. No stack frame is ever at either.
 */
function bridgeLineEnds(mappings: SourceMapSegment[][], lines: readonly string[]): void {
  for (let line = 0; line + 1 < mappings.length && line + 1 < lines.length; line++) {
    const segments = mappings[line]!;
    const width = lineWidth(lines[line]!);
    const last = segments[segments.length - 1];
    if (last !== undefined && last.length >= 4 && last[0] === width - 1) segments.push([width, last[1]!, last[2]!, last[3]! + 1]);
    const next = mappings[line + 1]![0];
    if (next !== undefined && next[0] === 0 && next.length >= 4) segments.push([width + 1, next[1]!, next[2]!, next[3]!]);
  }
}

/** A line's length without a `\r` before its break. */
function lineWidth(text: string): number {
  return text.endsWith('\r') ? text.length - 1 : text.length;
}

interface Group {
  readonly node: TS.CallExpression | TS.NewExpression | TS.AwaitExpression;
  readonly intents: Intent[];
}

/**
 * The groups below ES2015, where this emitter cannot pass a signal (it would spread it): each
 * signal is unplaced with why, and a group of signals only is left out.
 */
function withoutSignals(groups: readonly Group[], unplaced: { intent: Intent; reason: string }[]): Group[] {
  const out: Group[] = [];
  for (const { node, intents } of groups) {
    for (const intent of intents) if (intent.kind === 'signal') unplaced.push({ intent, reason: 'below ES2015 this emitter cannot pass a signal (it would spread it); build with the ts-patch plugin to pass it' });
    const rest = intents.filter((intent) => intent.kind !== 'signal');
    if (rest.length > 0) out.push({ node, intents: rest });
  }
  return out;
}

/** Groups intents by the node they rewrite, outermost first: openers and closers nest in that order. */
function groupInSource(ts: typeof TS, file: TS.SourceFile, intents: readonly Intent[], unplaced: { intent: Intent; reason: string }[]): Group[] {
  const byNode = new Map<TS.Node, Intent[]>();
  for (const intent of intents) {
    const node = nodesStartingAt(ts, file, intent.node.start, intent.kind === 'resume').find((candidate) => candidate.end === intent.node.end);
    if (node === undefined) {
      unplaced.push({ intent, reason: 'no call or await at this position of the text' });
      continue;
    }
    const list = byNode.get(node);
    if (list === undefined) byNode.set(node, [intent]);
    else list.push(intent);
  }
  return sortGroups(file, byNode);
}

/** Places each intent in emitted JavaScript through its source map (emitted → original). */
function groupInEmitted(ts: typeof TS, original: TS.SourceFile, emitted: TS.SourceFile, map: SourceMapInput | null | undefined, intents: readonly Intent[], unplaced: { intent: Intent; reason: string }[]): Group[] {
  if (!map) throw new Error(`[leash] emitText: the code of ${original.fileName} is not its original text, so its source map is needed to place the rewrites; pass the map the compiler emitted (sourceMap: true).`);
  const trace = new TraceMap(map as ConstructorParameters<typeof TraceMap>[0]);
  const sourceName = pickSource(trace, original.fileName);
  const lineStarts = emitted.getLineStarts();
  const byNode = new Map<TS.Node, Intent[]>();
  for (const intent of intents) {
    const isAwait = intent.kind === 'resume';
    /** The emitted node for the intent, looked up by where it starts in the original (`start`) among the original's nodes that start there (`siblings`). */
    const place = (start: number, siblings: readonly TS.Node[]): TS.Node | undefined => {
      const rank = siblings.findIndex((node) => node.end === intent.node.end);
      if (rank < 0) return undefined;
      const { line, character } = original.getLineAndCharacterOfPosition(start);
      return allGeneratedPositionsFor(trace, { source: sourceName, line: line + 1, column: character })
        .filter((at) => at.line !== null && at.column !== null)
        .map((at) => nodesStartingAt(ts, emitted, (lineStarts[(at.line as number) - 1] as number) + (at.column as number), isAwait))
        .find((candidates) => candidates.length === siblings.length)?.[rank];
    };
    const siblings = nodesStartingAt(ts, original, intent.node.start, isAwait);
    let node = place(intent.node.start, siblings);
    const planned = isAwait ? undefined : siblings.find((sibling) => sibling.end === intent.node.end);
    if (node === undefined && planned !== undefined) {
      // `(p as Promise<T>).catch(f)` is emitted `p.catch(f)`: it starts where `p` does.
      const erased = erasedStartOf(ts, original, planned);
      if (erased !== intent.node.start) node = place(erased, callsErasedStartingAt(ts, original, erased));
    }
    if (node === undefined) {
      unplaced.push({ intent, reason: `the emitted JavaScript has no ${isAwait ? 'await' : 'call'} that maps to ${intent.site.split(' ')[0]}` });
      continue;
    }
    const list = byNode.get(node);
    if (list === undefined) byNode.set(node, [intent]);
    else list.push(intent);
  }
  return sortGroups(emitted, byNode);
}

function sortGroups(file: TS.SourceFile, byNode: Map<TS.Node, Intent[]>): Group[] {
  return [...byNode]
    .map(([node, intents]) => ({ node: node as Group['node'], intents, start: node.getStart(file) }))
    .sort((a, b) => a.start - b.start || b.node.end - a.node.end)
    .map(({ node, intents }) => ({ node, intents }));
}

/** The map's name for the original file: the source whose path ends like its file name. */
function pickSource(trace: TraceMap, fileName: string): string {
  const base = fileName.replace(/\\/g, '/').split('/').pop() as string;
  const sources = trace.sources.filter((source): source is string => source !== null);
  return sources.find((source) => source.replace(/\\/g, '/').split('/').pop() === base) ?? (sources[0] as string);
}

/**
 * Where `call` starts once its types are erased: a type assertion in parentheses at its left
 * (`(p as Promise<T>).catch(f)`, `(<any>p).then(f)`, `(p satisfies T)()`) goes with its
 * parentheses, so the emitted call starts at the asserted expression (`p.catch(f)`).
 */
function erasedStartOf(ts: typeof TS, file: TS.SourceFile, call: TS.Node): number {
  let node: TS.Node = call;
  let erasedAny = false;
  for (;;) {
    if (ts.isCallExpression(node) || ts.isPropertyAccessExpression(node) || ts.isElementAccessExpression(node) || ts.isNonNullExpression(node)) node = node.expression;
    else if (ts.isParenthesizedExpression(node) && isAssertion(ts, node.expression)) {
      erasedAny = true;
      node = node.expression;
      while (isAssertion(ts, node)) node = node.expression;
    } else break;
  }
  return erasedAny ? node.getStart(file) : call.getStart(file);
}

/** `erasedStartOf` the call spanning `start`..`end` (for a caller holding a plan's span, as the source-map test does). */
export function erasedStart(ts: typeof TS, file: TS.SourceFile, start: number, end: number): number {
  const call = nodesStartingAt(ts, file, start, false).find((node) => node.end === end);
  return call === undefined ? start : erasedStartOf(ts, file, call);
}

function isAssertion(ts: typeof TS, node: TS.Node): node is TS.AsExpression | TS.TypeAssertion | TS.SatisfiesExpression | TS.NonNullExpression {
  return ts.isAsExpression(node) || ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node);
}

/** Calls and `new`s whose erased start (`erasedStartOf`) is `offset`, outermost first: what starts there once types are gone. */
function callsErasedStartingAt(ts: typeof TS, file: TS.SourceFile, offset: number): TS.Node[] {
  const found: TS.Node[] = [];
  const visit = (node: TS.Node): void => {
    if (node.pos > offset || node.end <= offset) return;
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && erasedStartOf(ts, file, node) === offset) found.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return found;
}

/** Calls and `new`s (or awaits) whose first token starts at `offset`, outermost first. */
function nodesStartingAt(ts: typeof TS, file: TS.SourceFile, offset: number, awaits: boolean): TS.Node[] {
  const matches = (kind: TS.SyntaxKind): boolean => (awaits ? kind === ts.SyntaxKind.AwaitExpression : kind === ts.SyntaxKind.CallExpression || kind === ts.SyntaxKind.NewExpression);
  const found: TS.Node[] = [];
  const visit = (node: TS.Node): void => {
    if (node.pos > offset || node.end <= offset) return;
    if (matches(node.kind) && node.getStart(file) === offset) found.push(node);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return found;
}

/** Where the runtime import goes: after directives, else at the first statement (after header comments). */
function headerPosition(ts: typeof TS, file: TS.SourceFile): { offset: number; afterDirective: boolean } {
  let last: TS.Statement | undefined;
  for (const statement of file.statements) {
    if (ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression)) last = statement;
    else break;
  }
  if (last !== undefined) return { offset: last.end, afterDirective: true };
  const first = file.statements[0];
  return { offset: first === undefined ? file.end : first.getStart(file), afterDirective: false };
}

/** A conditional in place of the call needs parentheses unless it stands where any expression may. */
function needsParentheses(ts: typeof TS, node: TS.Node): boolean {
  const parent = node.parent;
  if (ts.isExpressionStatement(parent) || ts.isParenthesizedExpression(parent) || ts.isReturnStatement(parent)) return false;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) return parent.initializer !== node ? true : false;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.includes(node as TS.Expression)) return false;
  if (ts.isArrowFunction(parent) && parent.body === node) return false;
  if (ts.isArrayLiteralExpression(parent)) return false;
  return true;
}

/** The node is the first thing of an expression statement: a `(` there could join the line above. */
function startsStatement(ts: typeof TS, node: TS.Node, file: TS.SourceFile): boolean {
  const start = node.getStart(file);
  for (let current: TS.Node = node; current !== undefined && !ts.isSourceFile(current); current = current.parent) {
    if (ts.isExpressionStatement(current)) return current.getStart(file) === start;
    if (current.getStart(file) !== start) return false;
  }
  return false;
}

/** `prefix<n>`, or the next free number when the text already uses that name. */
