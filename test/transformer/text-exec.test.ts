// Execution under the text emitter: the fixture projects of exec.test.ts, planned with the same
// planner and written by emit/text.ts instead of the ts-patch plugin, two ways — into each .ts
// file before its types are stripped (what the bundler plugins do), and into the JavaScript tsc
// emitted (what `leash build` does). The runtime project must print what the tspc build prints,
// and the semantics project's own tests must pass exactly as they do built plain.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseConfig } from '../../transformer/config';
import { emitText, type SourceMapInput } from '../../transformer/emit/text';
import { planFile } from '../../transformer/plan/planner';
import { createClassicPlanEnv } from '../../transformer/plan/types/classic';
import { RULES } from '../../transformer/plan/rules';
import { loadTypeScript } from './harness';
import { LAYOUTS, prepare, run, RUNTIME_EXPECTED, type ProjectSpec } from './projects';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const remapping = require('@jridgewell/remapping') as (maps: SourceMapInput[], loader: () => null) => { toString(): string };

type Input = 'source' | 'emitted' | 'plain';
const ts = loadTypeScript('ts6');
const root = mkdtempSync(join(tmpdir(), 'leash-text-exec-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let index = 0;
/** Compiles a fixture project in process; returns a function that runs one of its outputs with source maps on. */
function build(spec: ProjectSpec, input: Input): (entry: string) => Promise<string> {
  const dir = prepare(root, index++, spec);
  const parsed = ts.getParsedCommandLineOfConfigFile(join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(String(d.messageText)); } });
  if (parsed === undefined) throw new Error(`cannot read ${dir}/tsconfig.json`);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const config = parseConfig(spec.leash ?? {}, RULES).config;
  if (config === undefined) throw new Error('bad config');
  const rules = RULES.filter((rule) => config.rules.has(rule.name));
  const env = createClassicPlanEnv(ts, program, dir);
  const options = { mode: config.mode, requireRuntime: spec.type === 'commonjs' };
  mkdirSync(join(dir, 'out'));

  for (const file of program.getSourceFiles().filter((source) => source.fileName.startsWith(`${dir}/src/`))) {
    const outFile = join(dir, 'out', basename(file.fileName).replace(/\.ts$/, '.js'));
    let js = '';
    let map = '';
    program.emit(file, (name, text) => (name.endsWith('.map') ? (map = text) : (js = text)));
    const plan = planFile(env, file, rules);
    expect(plan.failures).toEqual([]);
    if (input === 'emitted') {
      const out = emitText(ts, { code: js, original: file, map }, plan, options);
      expect(out?.unplaced ?? []).toEqual([]);
      if (out?.written) ({ code: js, map } = { code: `${out.code.replace(/\n\/\/# sourceMappingURL=.*$/, '')}\n//# sourceMappingURL=${basename(outFile)}.map\n`, map: out.map.toString() });
    } else if (input === 'source') {
      const out = emitText(ts, { code: file.text, original: file }, plan, options);
      expect(out?.unplaced ?? []).toEqual([]);
      if (out?.written) {
        const stripped = ts.transpileModule(out.code, { fileName: file.fileName, compilerOptions: { ...parsed.options, module: spec.type === 'module' ? ts.ModuleKind.ESNext : ts.ModuleKind.CommonJS, sourceMap: true, inlineSourceMap: false } });
        js = stripped.outputText;
        map = remapping([stripped.sourceMapText as string, out.map.toString()], () => null).toString();
      }
    }
    writeFileSync(outFile, js);
    writeFileSync(`${outFile}.map`, map);
  }
  return (entry) => run(process.execPath, ['--enable-source-maps', join(dir, 'out', entry)], dir);
}

const name = (spec: ProjectSpec): string => `module=${spec.module} type=${spec.type}`;

describe.each(['source', 'emitted'] as const)('text emitter writing into the %s', (input) => {
  test.each(LAYOUTS.map((layout) => [name({ ...layout } as ProjectSpec), layout] as const))('runtime project, %s', async (_name, layout) => {
    const runMain = build({ project: 'runtime', ts: 'ts6', ...layout, leash: {} }, input);
    expect(JSON.parse(await runMain('main.js'))).toEqual(RUNTIME_EXPECTED);
  }, 60_000);

  let plain = '';
  beforeAll(async () => {
    plain = await build({ project: 'semantics', ts: 'ts6', module: 'nodenext', type: 'module', leash: undefined }, 'plain')('main.js');
  }, 60_000);
  test('semantics project in track mode behaves as built plain', async () => {
    expect(plain).toMatch(/^17 passed, 0 failed$/m);
    const tracked = await build({ project: 'semantics', ts: 'ts6', module: 'nodenext', type: 'module', leash: { mode: 'track' } }, input)('main.js');
    expect(tracked).toBe(plain);
  }, 60_000);
});
