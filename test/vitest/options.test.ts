/**
 * leash({ ... }) for vitest checks its options before vitest starts: one LeashError naming the
 * option, what was expected and what was received.
 */
import { describe, expect, it } from 'vitest';
import { LeashError } from '../../runtime/errors';
import { resolveOptions, siteGlob } from '../../vitest/options';

describe('leash/vitest options', () => {
  it('defaults: fail mode, track instrumentation, 20 retries, no stacks', () => {
    const { worker, packages } = resolveOptions({}, '/project');
    expect(worker).toMatchObject({ mode: 'fail', bind: false, retries: 20, maxDelayMs: 100, stacks: false, root: '/project' });
    expect(packages).toEqual([]);
  });

  it('turns stacks on when packages are instrumented, to name the calling line', () => {
    expect(resolveOptions({ packages: ['msw'] }).worker.stacks).toBe(true);
  });

  it('matches ignore.sites globs against the file part of a site id', () => {
    const re = siteGlob('src/metrics/**');
    expect(re.test('src/metrics/collector.ts:3:3 startCollector')).toBe(true);
    expect(re.test('src/metricsx.ts:3:3')).toBe(false);
    expect(re.test('test/src/metrics/a.ts:1:1')).toBe(false);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['an unknown option', { mdoe: 'warn' }, /unknown option "mdoe"; expected one of mode, bind/],
    ['mode "bind"', { mode: 'bind' }, /`mode` must be "fail" or "warn", got "bind". To end leaks instead .* \{ bind: true \}/],
    ['bind "yes"', { bind: 'yes' }, /`bind` must be a boolean, got "yes"/],
    ['an unknown ignore key', { ignore: { site: ['x'] } }, /unknown option ignore\."site"/],
    ['an unknown kind', { ignore: { kinds: ['timer'] } }, /unknown kind "timer" in `ignore.kinds`/],
    ['retries "3"', { retries: '3' }, /`retries` must be an integer >= 0, got "3"/],
    ['retries -1', { retries: -1 }, /`retries` must be an integer >= 0, got -1/],
    ['transform.mode', { transform: { mode: 'bind' } }, /`transform.mode` is set by leash\/vitest/],
    ['packages 3', { packages: 3 }, /`packages` must be an array of non-empty strings, got 3/],
  ];
  for (const [name, input, message] of bad) {
    it(`rejects ${name}`, () => {
      expect(() => resolveOptions(input)).toThrow(LeashError);
      expect(() => resolveOptions(input)).toThrow(message);
    });
  }
});
