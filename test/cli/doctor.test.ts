/**
 * `leash doctor` on small projects laid out as a user's would be: each pipeline that would run
 * code without leash is named with the change that fixes it, and the exit code says whether any
 * such pipeline exists.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = resolve(__dirname, '../../dist/cli/leash.js');
const work = mkdtempSync(join(tmpdir(), 'leash-doctor-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A project folder from a map of relative path -> content (objects are written as JSON). */
function project(name: string, files: Record<string, string | object>): string {
  const dir = join(work, name);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content));
  }
  return dir;
}

const installed = (name: string, version: string) => ({ [`node_modules/${name}/package.json`]: { name, version } });
const plugin = { compilerOptions: { plugins: [{ transform: 'leash/transformer' }] } };

function doctor(dir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [CLI, 'doctor', dir, ...args], { encoding: 'utf8' });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

describe('leash doctor', () => {
  it('TypeScript 7 with the leash plugin in tsconfig: tsc ignores it, so it says to use leash build', () => {
    const dir = project('ts7', { 'package.json': { scripts: { build: 'tsc' } }, 'tsconfig.json': plugin, ...installed('typescript', '7.0.2'), ...installed('leash', '0.1.0') });
    const { status, out } = doctor(dir);
    expect(status).toBe(1);
    expect(out).toMatch(/NO {2}tsc \(tsconfig\.json\) +has a leash entry in compilerOptions\.plugins, but typescript is 7\.0\.2: tsc 7 ignores plugins.*leash build -p tsconfig\.json/);
  });

  it('TypeScript 6 with ts-patch and tspc: instruments, exit 0', () => {
    const dir = project('ts6', { 'package.json': { scripts: { build: 'tspc -p tsconfig.json', typecheck: 'tsc --noEmit' } }, 'tsconfig.json': plugin, ...installed('typescript', '6.0.3'), ...installed('ts-patch', '4.0.1'), ...installed('leash', '0.1.0') });
    const { status, out } = doctor(dir);
    expect(out).toMatch(/ok {2}tsc \(tsconfig\.json\) +the leash plugin runs under ts-patch on TypeScript 6\.0\.3/);
    expect(out).toContain('Every pipeline found instruments.');
    expect(status).toBe(0);
  });

  it('the plugin in tsconfig but a plain tsc build script: plain tsc ignores plugins', () => {
    const dir = project('plain-tsc', { 'package.json': { scripts: { build: 'tsc' } }, 'tsconfig.json': plugin, ...installed('typescript', '6.0.3'), ...installed('ts-patch', '4.0.1'), ...installed('leash', '0.1.0') });
    expect(doctor(dir).out).toMatch(/NO {2}tsc \(tsconfig\.json\) +has the leash plugin, but npm run build runs plain tsc/);
  });

  it('vitest and tsx scripts without a leash host, and a vite config without leash/vite', () => {
    const dir = project('runners', {
      'package.json': { scripts: { test: 'vitest run', dev: 'tsx watch src/main.ts' } },
      'vite.config.ts': "import { defineConfig } from 'vite';\nexport default defineConfig({});\n",
      ...installed('typescript', '7.0.2'),
      ...installed('leash', '0.1.0'),
    });
    const { status, out } = doctor(dir);
    expect(status).toBe(1);
    expect(out).toMatch(/NO {2}vite\.config\.ts +does not use leash: import leash from 'leash\/vite'/);
    expect(out).toMatch(/NO {2}npm run dev +runs TypeScript through tsx, which strips types and runs no leash host: add --import leash\/node/);
  });

  it("scripts that run .ts files with Node's own type stripping: with --import leash/node and without", () => {
    const dir = project('node-ts', {
      'package.json': { scripts: { start: 'node --import leash/node src/main.ts', test: 'node --test test/app.test.ts', worker: 'node --experimental-strip-types src/worker.ts', js: 'node dist/main.js', dev: 'tsx --import leash/node watch src/main.ts' } },
      ...installed('typescript', '7.0.2'),
      ...installed('leash', '0.1.0'),
    });
    const { status, out } = doctor(dir);
    expect(out).toMatch(/ok {2}npm run start +runs TypeScript through Node's type stripping with --import leash\/node/);
    expect(out).toMatch(/NO {2}npm run test +runs TypeScript through Node's own type stripping without leash: add --import leash\/node/);
    expect(out).toMatch(/NO {2}npm run worker +runs TypeScript through Node's own type stripping without leash/);
    expect(out).toMatch(/ok {2}npm run dev +runs TypeScript through tsx with --import leash\/node/);
    expect(out).not.toMatch(/npm run js/);
    expect(status).toBe(1);
  });

  it('a vitest config with leash/vitest instruments', () => {
    const dir = project('vitest', {
      'package.json': { scripts: { test: 'vitest run' } },
      'vitest.config.ts': "import leash from 'leash/vitest';\nexport default { plugins: [leash()] };\n",
      ...installed('leash', '0.1.0'),
    });
    const { status, out } = doctor(dir);
    expect(out).toMatch(/ok {2}vitest\.config\.ts +imports leash\/vitest/);
    expect(status).toBe(0);
  });

  it('says when leash itself does not resolve from the project', () => {
    const dir = project('no-leash', { 'package.json': { scripts: { build: 'tspc' } }, 'tsconfig.json': plugin, ...installed('typescript', '6.0.3'), ...installed('ts-patch', '4.0.1') });
    expect(doctor(dir).out).toMatch(/NO {2}leash +leash does not resolve from this project.*npm i leash/);
  });

  it('--json gives the same findings for scripts', () => {
    const dir = project('json', { 'package.json': { scripts: { build: 'tsc' } }, 'tsconfig.json': plugin, ...installed('typescript', '7.0.2'), ...installed('leash', '0.1.0') });
    const report = JSON.parse(doctor(dir, '--json').out) as { typescript: string; findings: Array<{ pipeline: string; verdict: string }> };
    expect(report.typescript).toBe('7.0.2');
    expect(report.findings).toContainEqual(expect.objectContaining({ pipeline: 'tsc (tsconfig.json)', verdict: 'does not instrument' }));
  });

  it('a folder with no package.json is bad input: a clear message and exit 2', () => {
    const { status, err } = doctor(join(work, 'nowhere'));
    expect(status).toBe(2);
    expect(err).toContain('has no package.json');
  });
});
