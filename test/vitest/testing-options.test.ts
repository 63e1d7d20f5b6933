/**
 * leash/testing checks its input like the rest of leash: tried as a new user would, each of these
 * once passed a live leak silently, reported a nonsense kind or threw a raw TypeError.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeashError, Scope } from '../../runtime/index';
import * as hooks from '../../runtime/hooks';
import { find, verifyNone } from '../../runtime/testing';

hooks.useMode('bind');

describe('verifyNone and find options', () => {
  const scope = new Scope({ name: 'leaky' });
  beforeAll(() => {
    scope.run(() => hooks.setInterval('src/poller.ts:3:17 startPolling', () => {}, 1000));
  });
  afterAll(() => scope.abort());

  it('takes a single ignore rule as a list of one, and still reports a leak it does not match', async () => {
    const error = await verifyNone({ ignore: 'src/x.ts', retries: 0 }).catch((e: unknown) => e);
    expect((error as Error).message).toContain('interval src/poller.ts:3:17 in startPolling');
    await verifyNone({ ignore: 'src/poller.ts', retries: 0 });
  });

  it('takes a single kind as a list of one', async () => {
    expect(find({ kinds: 'interval' }).map((leak) => leak.site)).toEqual(['src/poller.ts:3:17']);
    await verifyNone({ kinds: 'task', retries: 0 });
  });

  const bad: Array<[string, () => unknown, RegExp]> = [
    ['scope: {}', () => find({ scope: {} as Scope }), /`scope` must be a Scope .*got an object \(Object\)/],
    ['retries: "3"', () => verifyNone({ retries: '3' as unknown as number }), /`retries` must be an integer >= 0, got "3"/],
    ['retries: -1', () => verifyNone({ retries: -1 }), /`retries` must be an integer >= 0, got -1/],
    ['maxDelayMs: 0', () => verifyNone({ maxDelayMs: 0 }), /`maxDelayMs` must be an integer >= 1, got 0/],
    ['{ retry: 3 }', () => verifyNone({ retry: 3 } as never), /unknown option "retry".*expected one of .*retries/],
    ['find({ retries: 3 })', () => find({ retries: 3 } as never), /find: unknown option "retries"/],
    ['kinds: "i"', () => find({ kinds: 'i' as never }), /unknown kind "i"; expected one of timeout, interval/],
    ['kinds: 3', () => find({ kinds: 3 as never }), /`kinds` must be a kind or an array of kinds/],
    ['ignore: 42', () => find({ ignore: 42 as never }), /`ignore` takes site substrings .* got 42/],
    ['ignore: [""]', () => find({ ignore: [''] }), /`ignore` takes site substrings .* got ""/],
    ['options "x"', () => find('x' as never), /expected an options object .* got "x"/],
  ];
  for (const [name, call, message] of bad) {
    it(`rejects ${name} with one LeashError`, async () => {
      const error = await Promise.resolve()
        .then(call)
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(LeashError);
      expect((error as Error).message).toMatch(/^\[leash\] /);
      expect((error as Error).message).toMatch(message);
    });
  }
});
