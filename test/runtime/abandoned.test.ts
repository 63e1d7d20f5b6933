/**
 * A pending task nobody references any more is garbage in plain JavaScript: leash must not keep
 * it alive, and reports it as abandoned once the garbage collector finds it (Go 1.27's
 * goroutine-leak profile). Runs in a child Node process with `--expose-gc`.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../..');

function run(wrapped: boolean): { growthMB: number; abandoned: number; live: number; site?: { site: string; function?: string; live: number; abandoned: number }; text: string; metrics: string } {
  const code = `
    const hooks = require('./dist/runtime/hooks.js');
    const { registry } = require('./dist/runtime/index.js');
    const settle = async () => { for (let i = 0; i < 4; i++) { global.gc(); await new Promise((r) => setImmediate(r)); } };
    const spawn = ${wrapped} ? (f) => hooks.spawn('src/jobs.ts:9:5 poll', f) : (f) => f();
    (async () => {
      await settle();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < 50000; i++) spawn(() => new Promise(() => {}));
      await settle();
      const growthMB = (process.memoryUsage().heapUsed - before) / 1048576;
      registry.snapshot(); // a report lets go of the youngest tasks too
      await settle();
      const snap = registry.snapshot();
      const site = snap.sites.find((s) => s.site === 'src/jobs.ts:9:5');
      console.log(JSON.stringify({ growthMB, abandoned: snap.abandoned, live: snap.live, site, text: registry.format(snap), metrics: registry.metrics() }));
    })();
  `;
  return JSON.parse(execFileSync(process.execPath, ['--expose-gc', '-e', code], { cwd: root, encoding: 'utf8' }));
}

describe('abandoned tasks', () => {
  it('50,000 never-settling unreferenced tasks: memory released like plain code, and reported as abandoned per site', () => {
    const plain = run(false);
    const leash = run(true);
    // What leash may keep: at most ~2,048 young promises until the next report, and counters.
    expect(leash.growthMB - plain.growthMB).toBeLessThan(3);
    expect(leash.live).toBe(0);
    expect(leash.abandoned).toBe(50000);
    expect(leash.site).toMatchObject({ site: 'src/jobs.ts:9:5', function: 'poll', live: 0, abandoned: 50000 });
    expect(leash.text).toContain('50000 tasks abandoned');
    expect(leash.text).toMatch(/0 live {2}task {6}src\/jobs\.ts:9:5 in poll {2}abandoned 50000/);
    expect(leash.metrics).toContain('leash_abandoned_total{kind="task",site="src/jobs.ts:9:5 poll"} 50000');
  });
});
