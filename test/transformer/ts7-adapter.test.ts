// The TypeScript 7 type adapter (checker over IPC) must give every rule the same answers as the
// classic checker: each golden fixture is planned through both, and the plans must be equal, on
// TypeScript 7.0 (typescript/unstable/sync) and on 7.1 (typescript/sync).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { compatModules } from '../compat/paths.mjs';
import { parseConfig } from '../../transformer/config';
import { createPlanEnv, planFile, type PlanEnv } from '../../transformer/plan/planner';
import { RULES } from '../../transformer/plan/rules';
import { createTs7Types, openTs7, type Ts7Session } from '../../transformer/plan/types/ts7';
import { createFixtureProgram, listFixtures, loadTypeScript, REPO } from './harness';

const ts = loadTypeScript('ts6');
const fixtures = listFixtures();
const classic = createFixtureProgram(ts, 'cjs', fixtures.map((fixture) => fixture.file));

describe.each(['ts7', 'ts71'] as const)('TypeScript 7 adapter (test/compat/%s) plans every fixture as the classic checker does', (toolchain) => {
  let dir = '';
  let session: Ts7Session | undefined;
  let env: PlanEnv | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), `leash-${toolchain}-adapter-`));
    const options = classic.program.getCompilerOptions();
    const compilerOptions = {
      target: 'es2022',
      module: 'nodenext',
      lib: ['es2023', 'esnext.disposable', 'decorators'],
      types: ['node'],
      typeRoots: [join(REPO, 'node_modules/@types')],
      strict: true,
      skipLibCheck: true,
      esModuleInterop: true,
      noEmit: true,
      paths: options.paths,
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: fixtures.map((fixture) => fixture.file) }));
    session = await openTs7(join(compatModules(toolchain), 'typescript'), join(dir, 'tsconfig.json'), dir);
    const { project, enums } = session;
    env = createPlanEnv({ ts, types: (isRuntimeFile) => createTs7Types({ ts, project, enums, isRuntimeFile }), root: REPO, readFile: (path) => ts.sys.readFile(path) });
  }, 60_000);
  afterAll(() => {
    session?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test.each(fixtures.map((fixture) => [`${fixture.rule}/${fixture.name}`, fixture] as const))('%s', (_name, fixture) => {
    const expected = classic.plan(fixture.file, fixture.config);
    const parsed = parseConfig(fixture.config, RULES).config;
    if (parsed === undefined || env === undefined) throw new Error('no config or no TypeScript 7 session');
    const source = ts.createSourceFile(fixture.file, ts.sys.readFile(fixture.file) ?? '', ts.ScriptTarget.ES2022, true);
    const actual = planFile(env, source, RULES.filter((rule) => parsed.rules.has(rule.name)));
    expect(actual.failures).toEqual([]);
    expect(actual.intents).toEqual(expected.intents);
    expect(actual.notes).toEqual(expected.notes);
  });
});
