// The real-vitest harness's command line (the suites themselves run with `npm run test:real-vitest`,
// too slow for `npm test`): projects chosen by name, and a project missing from the
// real-repository cache says "not run" and exits 2 instead of passing.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SCRIPT = join(__dirname, 'real-suite.mjs');
const emptyCache = mkdtempSync(join(tmpdir(), 'leash-real-empty-'));
const run = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', env: { ...process.env, LEASH_REAL_CACHE: emptyCache } });

describe('test/vitest/real-suite.mjs', () => {
  it('says "not run" for each chosen project missing from the cache, in the order given by the list, and exits 2', () => {
    const result = run('ofetch', 'perfect-debounce');
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^not run: unjs\/perfect-debounce@301fccee4e89 is not in the real-repository cache .* node test\/real\/cache\.mjs add <its git dir> unjs\/perfect-debounce 301fccee/);
    expect(lines[1]).toMatch(/^not run: unjs\/ofetch@dfbe3ca4ef8a /);
    expect(lines[2]).toMatch(/^total: 0 of 2 projects compared .*, 0 falsely said "never looked", 0 not compared \(vitest did not finish\), 2 not run$/);
    expect(result.status).toBe(2);
  });

  it('runs every project when none is named', () => {
    const result = run();
    expect(result.stdout.match(/^not run: \S+/gm)).toEqual(['not run: unjs/perfect-debounce@301fccee4e89', 'not run: unjs/hookable@b77477c02703', 'not run: unjs/ofetch@dfbe3ca4ef8a', 'not run: unjs/ufo@11308c0bb5cb', 'not run: antfu/utils@91f8cf73bebd', 'not run: unjs/unctx@6586739a70bd', 'not run: node-cron/node-cron@636b3f3c0366', 'not run: tinylibs/tinybench@52fb2be9a3e9', 'not run: P4sca1/cron-schedule@fdbaefaff3d1', 'not run: TanStack/query@40321a0b1b3b', 'not run: gilbarbara/hooks@0359b167dde8', 'not run: reduxjs/redux-toolkit@74200d87c27c', 'not run: statelyai/xstate@b1811bf77bc2']);
    // A monorepo's package: the command that caches it names the paths it reads.
    expect(result.stdout).toContain('node test/real/cache.mjs add <its git dir> TanStack/query 40321a0b1b3bdd0afa11f0e439642ab84cdf6afe packages/query-core packages/query-test-utils tsconfig.json\n');
    expect(result.status).toBe(2);
  });

  it('says a project was not compared when vitest wrote no report, with what vitest printed, and exits 1', () => {
    // A tree in the cache under unjs/unctx's pinned commit whose own vitest config throws when loaded.
    const cache = mkdtempSync(join(tmpdir(), 'leash-real-broken-'));
    const tree = join(cache, 'unjs+unctx@6586739a70bd43a67437f72f00c186dd762b5125');
    mkdirSync(tree);
    writeFileSync(join(tree, '.leash-complete'), '');
    writeFileSync(join(tree, 'package.json'), '{ "name": "broken", "private": true, "type": "module" }');
    writeFileSync(join(tree, 'vitest.config.mjs'), "export default {};\nthrow new Error('this config does not load');\n");
    const result = spawnSync(process.execPath, [SCRIPT, 'unctx'], { encoding: 'utf8', env: { ...process.env, LEASH_REAL_CACHE: cache } });
    expect(result.stdout).toMatch(/^unjs\/unctx@6586739a70bd43a67437f72f00c186dd762b5125: not compared: vitest wrote no report for the plain run \(exit 1\); it printed:\n/m);
    expect(result.stdout).toContain('this config does not load');
    expect(result.status).toBe(1);
  }, 120_000);

  it('refuses an unknown project or option value, naming what it accepts', () => {
    const unknown = run('left-pad');
    expect(unknown.stderr).toContain('unknown project "left-pad"; expected some of perfect-debounce, hookable, ofetch, ufo, antfu-utils, unctx, node-cron, tinybench, cron-schedule, query-core, gilbarbara-hooks');
    expect(unknown.status).toBe(2);
    const vitest = run('--vitest', '3');
    expect(vitest.stderr).toContain('--vitest expects 4 or 5, got "3"');
    expect(vitest.status).toBe(2);
    expect(unknown.stdout + vitest.stdout).toBe('');
  });
});
