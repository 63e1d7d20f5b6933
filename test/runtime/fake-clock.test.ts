/**
 * leash must never put a timer of its own where a fake clock can see it. Each case runs the same
 * script natively and through leash under a fake clock installed *after* leash loaded, and
 * compares what the fake clock sees: its timer count, and whether running all timers finishes.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as hooks from '../../runtime/hooks';
import { snapshot } from '../../runtime/report';

const SITE = 'test/fake-clock.ts:1:1 script';
const root = resolve(__dirname, '../..');

afterEach(() => {
  vi.useRealTimers();
});

/** The script in a fresh Node process, so that leash's first registration happens under the fake clock. */
function underSinon(wrapped: boolean, installed: 'after leash loaded' | 'before leash loaded' = 'after leash loaded'): { count: number; ran: number; finished: boolean } {
  const [first, second] = ["const hooks = require('./dist/runtime/hooks.js');", "const clock = require('@sinonjs/fake-timers').install();"];
  const code = `
    ${installed === 'after leash loaded' ? `${first}\n${second}` : `${second}\n${first}`}
    const setTimeout = ${wrapped} ? (fn, ms) => hooks.setTimeout('s:1:1', fn, ms) : globalThis.setTimeout;
    const addListener = ${wrapped} ? (e, n, l) => hooks.addListener('s:1:1', e, 'on', n, l) : (e, n, l) => e.on(n, l);
    let ran = 0;
    addListener(new (require('node:events').EventEmitter)(), 'x', () => {});
    setTimeout(() => ran++, 10);
    setTimeout(() => ran++, 20);
    const count = clock.countTimers();
    let finished = true;
    try { clock.runAll(); } catch (error) { finished = false; }
    clock.uninstall();
    console.log(JSON.stringify({ count, ran, finished }));
  `;
  return JSON.parse(execFileSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8' }));
}

describe('fake clocks see only the program’s own timers', () => {
  // vitest 4 fakes the globals only; this guards the day it fakes node:timers like sinon does.
  it('vi.useFakeTimers: same timer count with and without leash, and runAllTimers finishes', () => {
    const counts: number[] = [];
    for (const wrapped of [false, true]) {
      vi.useFakeTimers();
      let ran = 0;
      if (wrapped) {
        hooks.setTimeout(SITE, () => ran++, 10);
        hooks.setInterval(SITE, () => ran++, 15);
      } else {
        setTimeout(() => ran++, 10);
        setInterval(() => ran++, 15);
      }
      counts.push(vi.getTimerCount());
      vi.advanceTimersByTime(31);
      expect(ran).toBe(3);
      vi.clearAllTimers();
      vi.useRealTimers();
    }
    expect(counts).toEqual([2, 2]);
  });

  it('@sinonjs/fake-timers installed after leash loaded: same countTimers() and runAll() finishes', () => {
    const native = underSinon(false);
    expect(native).toEqual({ count: 2, ran: 2, finished: true });
    expect(underSinon(true)).toEqual(native);
  });

  it('@sinonjs/fake-timers installed before leash loaded (a setup file): leash sees the fakes and starts no timer', () => {
    const native = underSinon(false, 'before leash loaded');
    expect(native).toEqual({ count: 2, ran: 2, finished: true });
    expect(underSinon(true, 'before leash loaded')).toEqual(native);
  });

  it('report ages stay real under a fake Date an hour ahead', async () => {
    // The coarse clock ticks while the event loop turns; the tests above blocked it.
    await new Promise((resolve) => setTimeout(resolve, 250));
    hooks.spawn('test/fake-clock.ts:2:1 ages', () => new Promise(() => {}));
    vi.useFakeTimers({ now: Date.now() + 3_600_000 });
    const ages = snapshot().sites.filter((s) => s.site === 'test/fake-clock.ts:2:1').map((s) => s.oldestMs);
    vi.useRealTimers();
    expect(ages).toHaveLength(1);
    expect(ages[0]).toBeLessThan(5000);
  });
});
