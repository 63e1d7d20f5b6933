/**
 * A build that looked at a file and found nothing to rewrite leaves it byte for byte as tsc wrote
 * it, so the file cannot say leash looked at it; the build records it instead (runtime/looked.ts).
 * A node:test process running only such files, built with `leash build` (TypeScript 7) or the
 * ts-patch plugin (TypeScript 6), must not be told its code was never instrumented, and its
 * `verifyNone()` must pass. The same files built by plain tsc, or rebuilt by it after leash,
 * must still be told.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compatModules } from '../compat/paths.mjs';

const REPO = join(__dirname, '../..');
const TSC6 = join(REPO, 'node_modules/typescript/bin/tsc');
const TSPC6 = join(REPO, 'node_modules/ts-patch/bin/tspc.js');
const TS7 = join(compatModules('ts7'), 'typescript');
const LEASH = join(REPO, 'dist/cli/leash.js');

const SHAPES = `export const area = (side: number): number => side * side;\n`;
const TEST = `import { test } from 'node:test';
import assert from 'node:assert/strict';
import { verifyNone } from 'leash/testing';
import { area } from './shapes.js';

test('area', async () => {
  assert.equal(area(3), 9);
  await verifyNone({ retries: 0 });
});
`;
const NEVER = 'none of the code these tests ran was instrumented by leash';

let root = '';
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'leash-looked-'));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A project whose code has nothing leash tracks, with its compiler linked in. */
function project(name: string, typescript: string, plugin: boolean): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(REPO, join(dir, 'node_modules/leash'), 'dir');
  symlinkSync(typescript, join(dir, 'node_modules/typescript'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  const compilerOptions = {
    target: 'es2022',
    module: 'nodenext',
    rootDir: 'src',
    outDir: 'out',
    strict: true,
    skipLibCheck: true,
    types: ['node'],
    typeRoots: [join(REPO, 'node_modules/@types')],
    ...(plugin ? { plugins: [{ transform: 'leash/transformer', mode: 'track' }] } : {}),
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
  writeFileSync(join(dir, 'src/shapes.ts'), SHAPES);
  writeFileSync(join(dir, 'src/shapes.test.ts'), TEST);
  return dir;
}

function run(dir: string, file: string, args: readonly string[]): void {
  const result = spawnSync(process.execPath, [file, ...args], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  expect(result.status, `${file} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
}

/** Runs the built test with leash/register: whether it passed, and what it printed. */
function test(dir: string): { passed: boolean; output: string } {
  const result = spawnSync(process.execPath, ['--import', 'leash/register', '--test', '--test-reporter=tap', 'out/shapes.test.js'], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, LEASH_MODE: '' },
  });
  return { passed: result.status === 0, output: `${result.stdout}\n${result.stderr}` };
}

describe('files a build looked at and left as tsc wrote them', () => {
  it('plain tsc: the test process is told its code was never instrumented, and verifyNone() fails', () => {
    const dir = project('plain', join(REPO, 'node_modules/typescript'), false);
    run(dir, TSC6, ['-p', '.']);
    const { passed, output } = test(dir);
    expect(output).toContain(NEVER);
    expect(output).toContain('verifyNone: no instrumented code has run in this process');
    expect(passed).toBe(false);
  });

  it('ts-patch plugin (TypeScript 6): the output is tsc’s, nothing is said, and verifyNone() passes', () => {
    const plain = project('plain-6', join(REPO, 'node_modules/typescript'), false);
    run(plain, TSC6, ['-p', '.']);
    const dir = project('tspc', join(REPO, 'node_modules/typescript'), true);
    run(dir, TSPC6, ['-p', '.']);
    for (const file of ['shapes.js', 'shapes.test.js']) expect(readFileSync(join(dir, 'out', file), 'utf8')).toBe(readFileSync(join(plain, 'out', file), 'utf8'));
    const { passed, output } = test(dir);
    expect(output).not.toContain(NEVER);
    expect(passed, output).toBe(true);
  });

  it('leash build (TypeScript 7): nothing is said and verifyNone() passes; rebuilt by plain tsc, it is said again', () => {
    const dir = project('build-7', TS7, false);
    run(dir, LEASH, ['build', '--mode', 'track']);
    const built = test(dir);
    expect(built.output).not.toContain(NEVER);
    expect(built.passed, built.output).toBe(true);

    // The record names each file as leash build left it: plain tsc writing the file again is not leash looking at it.
    run(dir, join(TS7, 'bin/tsc'), ['-p', '.']);
    const rebuilt = test(dir);
    expect(rebuilt.output).toContain(NEVER);
    expect(rebuilt.passed).toBe(false);
  });
});
