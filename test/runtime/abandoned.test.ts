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

  // Settled tasks leave the young and old lists at once (so they die young); the unlinking must
  // keep the lists whole whatever the order tasks settle in, across agings.
  it('tasks settling in any order, across agings: only the ones left pending are found abandoned', () => {
    const code = `
      const hooks = require('./dist/runtime/hooks.js');
      const { registry } = require('./dist/runtime/index.js');
      const settle = async () => { for (let i = 0; i < 4; i++) { global.gc(); await new Promise((r) => setImmediate(r)); } };
      (async () => {
        let resolvers = [];
        for (let i = 0; i < 5000; i++) hooks.spawn('src/a.ts:1:1 job', () => new Promise((r) => resolvers.push(r)));
        // Settle every task whose index is not a multiple of 7, from the middle outwards.
        const order = resolvers.map((r, i) => i).sort((a, b) => Math.abs(a - 2500) - Math.abs(b - 2500));
        for (const i of order) if (i % 7 !== 0) resolvers[i](i);
        await settle();
        const before = registry.snapshot();
        resolvers = null;
        await settle();
        registry.snapshot();
        await settle();
        const after = registry.snapshot();
        console.log(JSON.stringify({ liveBefore: before.live, abandoned: after.abandoned, liveAfter: after.live }));
      })();
    `;
    const out = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '-e', code], { cwd: root, encoding: 'utf8' }));
    expect(out).toEqual({ liveBefore: 715, abandoned: 715, liveAfter: 0 });
  });
});
