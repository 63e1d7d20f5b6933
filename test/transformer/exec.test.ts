// Execution: the real tspc (TypeScript 6 + ts-patch 4, TypeScript 5.9 + ts-patch 3) builds
// fixture projects, which then run:
// - runtime/: a small service in each module layout; the registry shows every timer, listener
//   and task by site, and aborting a scope stops its timers, removes its listeners and aborts its
//   fetch to a loopback server, which sees the client go away;
// - semantics/: a project with its own tests, whose output must be the same built plain and
//   built with leash in track mode;
// - stack/: run with `node --enable-source-maps`, an error's frames and each registry site name
//   the original .ts line and column.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { TsVersion } from './harness';
import { buildAll, expectOriginalPositions, LAYOUTS, RUNTIME_EXPECTED, type Built, type ProjectSpec, type StackOutput } from './projects';

const VERSIONS: readonly TsVersion[] = ['ts6', 'ts59'];
const RUNTIME = VERSIONS.flatMap((ts) => LAYOUTS.map((layout): ProjectSpec => ({ project: 'runtime', ts, ...layout, leash: {} })));
const ESM = { module: 'nodenext', type: 'module' } as const;
const SEMANTICS: readonly ProjectSpec[] = [
  { project: 'semantics', ts: 'ts6', ...ESM, leash: undefined },
  ...VERSIONS.map((ts): ProjectSpec => ({ project: 'semantics', ts, ...ESM, leash: { mode: 'track' } })),
];
const STACK = VERSIONS.map((ts): ProjectSpec => ({ project: 'stack', ts, ...ESM, leash: {} }));
const ALL = [...RUNTIME, ...SEMANTICS, ...STACK];
const name = (spec: ProjectSpec): string => `${spec.ts} module=${spec.module} type=${spec.type}${spec.leash?.['mode'] ? ` mode=${String(spec.leash['mode'])}` : ''}`;

let builds: Built[] = [];
let remove = (): void => undefined;
beforeAll(async () => {
  ({ builds, remove } = await buildAll(ALL));
}, 180_000);
afterAll(() => remove());

const built = (spec: ProjectSpec): Built => {
  const found = builds[ALL.indexOf(spec)];
  if (found === undefined) throw new Error(`not built: ${name(spec)}`);
  return found;
};

describe('runtime project: registry and abort', () => {
  test.each(RUNTIME.map((spec) => [name(spec), spec] as const))('%s', async (_name, spec) => {
    expect(JSON.parse(await built(spec).run('main.js'))).toEqual(RUNTIME_EXPECTED);
  });
});

describe('semantics project: plain and track builds agree', () => {
  test.each(SEMANTICS.slice(1).map((spec) => [name(spec), spec] as const))('%s', async (_name, spec) => {
    const plain = await built(SEMANTICS[0] as ProjectSpec).run('main.js');
    expect(plain).toMatch(/^17 passed, 0 failed$/m);
    expect(await built(spec).run('main.js')).toBe(plain);
  });
});

describe('stack project: frames and registry sites name the original .ts line and column', () => {
  test.each(STACK.map((spec) => [name(spec), spec] as const))('%s', async (_name, spec) => {
    expectOriginalPositions(JSON.parse(await built(spec).run('main.js', ['--enable-source-maps'])) as StackOutput);
  });
});
