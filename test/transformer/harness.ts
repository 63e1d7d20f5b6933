/**
 * In-process compilation of transformer fixtures: one program per TypeScript version and module
 * format holds every fixture, each file is emitted plain and with leash's `before` transformer.
 * The fixtures folder is given a virtual package.json (`"type": "module"` or `"commonjs"`), so
 * the same `.ts` files compile under `module: nodenext` as ESM and as CommonJS.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type * as TS from 'typescript';
import { parseConfig } from '../../transformer/config';
import leashTransformer from '../../transformer/index';
import type { LeashDiagnostic } from '../../transformer/diagnostics';
import { planFile, type PlanEnv } from '../../transformer/plan/planner';
import { RULES } from '../../transformer/plan/rules';
import { createClassicPlanEnv } from '../../transformer/plan/types/classic';
import type { Plan } from '../../transformer/plan/intent';
import { emitFile } from '../emit/equality';

export const REPO = resolve(__dirname, '../..');
export const FIXTURES = join(REPO, 'transformer/__testfixtures__');
const require = createRequire(__filename);

export type Format = 'esm' | 'cjs';
export type TsVersion = 'ts6' | 'ts59';

export function loadTypeScript(version: TsVersion): typeof TS {
  return version === 'ts6' ? (require('typescript') as typeof TS) : (require(join(REPO, 'test/compat/ts59/node_modules/typescript')) as typeof TS);
}

export interface Fixture {
  readonly rule: string;
  readonly name: string;
  /** Absolute path of `<rule>/<case>.ts`. */
  readonly file: string;
  /** Plugin config from a `// fixture-config: {...}` line, else `{}`. */
  readonly config: Record<string, unknown>;
  /** `rule/messageId` entries from a `// expect-notes: ...` line, sorted. */
  readonly expectedNotes: readonly string[];
  /** Output formats from a `// fixture-formats: esm` line, else both. */
  readonly formats: readonly Format[];
  /** A `// expect-ts-errors` line: the fixture is ill-typed on purpose. */
  readonly allowsTypeErrors: boolean;
}

export function listFixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const rule of readdirSync(FIXTURES).sort()) {
    for (const entry of readdirSync(join(FIXTURES, rule)).sort()) {
      if (!/^[\w-]+\.ts$/.test(entry) || entry.endsWith('.d.ts')) continue;
      const file = join(FIXTURES, rule, entry);
      const text = readFileSync(file, 'utf8');
      const config = /^\/\/ fixture-config: (.*)$/m.exec(text)?.[1];
      const notes = /^\/\/ expect-notes: (.*)$/m.exec(text)?.[1];
      const formats = /^\/\/ fixture-formats: (.*)$/m.exec(text)?.[1];
      out.push({
        rule,
        name: entry.slice(0, -3),
        file,
        config: config === undefined ? {} : (JSON.parse(config) as Record<string, unknown>),
        expectedNotes: notes === undefined ? [] : notes.split(/[\s,]+/).filter(Boolean).sort(),
        allowsTypeErrors: /^\/\/ expect-ts-errors$/m.test(text),
        formats: formats === undefined ? ['esm', 'cjs'] : (formats.split(/[\s,]+/).filter(Boolean) as Format[]),
      });
    }
  }
  return out;
}

/** Options shared by the golden programs; `module: nodenext` so the package.json type decides the format. */
export function fixtureOptions(ts: typeof TS): TS.CompilerOptions {
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts', 'lib.decorators.d.ts'],
    types: ['node'],
    typeRoots: [join(REPO, 'node_modules/@types')],
    strict: true,
    skipLibCheck: true,
    esModuleInterop: true,
    newLine: ts.NewLineKind.LineFeed,
    paths: { leash: [join(REPO, 'runtime/index.ts')], 'leash/*': [join(REPO, 'runtime/*.ts')] },
  };
}

export interface FixtureProgram {
  readonly ts: typeof TS;
  readonly program: TS.Program;
  emit(file: string, options?: { config?: Record<string, unknown>; plain?: boolean }): Emitted;
  plan(file: string, config?: Record<string, unknown>): Plan;
}

export interface Emitted {
  readonly js: string;
  readonly map: string | undefined;
  readonly diagnostics: readonly LeashDiagnostic[];
}

export function createFixtureProgram(ts: typeof TS, format: Format, rootNames: readonly string[], extra: TS.CompilerOptions = {}): FixtureProgram {
  const options = { ...fixtureOptions(ts), ...extra };
  const host = ts.createCompilerHost(options);
  const packageJson = join(FIXTURES, 'package.json');
  const packageText = JSON.stringify({ type: format === 'esm' ? 'module' : 'commonjs' });
  const { fileExists, readFile } = host;
  host.fileExists = (name) => resolve(name) === packageJson || fileExists.call(host, name);
  host.readFile = (name) => (resolve(name) === packageJson ? packageText : readFile.call(host, name));
  const program = ts.createProgram({ rootNames, options: { ...options, configFilePath: join(REPO, 'tsconfig.json') }, host });
  let env: PlanEnv | undefined; // once per program, as the transformer does

  return {
    ts,
    program,
    emit(file, { config = {}, plain = false } = {}) {
      const source = program.getSourceFile(file);
      if (source === undefined) throw new Error(`not in the program: ${file}`);
      const diagnostics: LeashDiagnostic[] = [];
      const before = plain ? [] : [leashTransformer(program, config, { ts, addDiagnostic: (d) => diagnostics.push(d as LeashDiagnostic) })];
      return { ...emitFile(program, source, before), diagnostics };
    },
    plan(file, config = {}) {
      const source = program.getSourceFile(file);
      if (source === undefined) throw new Error(`not in the program: ${file}`);
      const parsed = parseConfig(config, RULES).config;
      if (parsed === undefined) throw new Error(`bad fixture config ${JSON.stringify(config)}`);
      const enabled = RULES.filter((rule) => parsed.rules.has(rule.name));
      env ??= createClassicPlanEnv(ts, program, REPO);
      return planFile(env, source, enabled);
    },
  };
}

/** Golden file for a fixture's output: `<case>.esm.js` / `<case>.cjs.js` beside it. */
export function goldenPath(fixture: Fixture, format: Format): string {
  return join(dirname(fixture.file), `${fixture.name}.${format}.js`);
}
