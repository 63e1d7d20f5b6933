import { afterEach, describe, expect, it } from 'vitest';
import { limit, mapLimit, mapSettledLimit, Scope, signal, sleep, TaskGroup } from '../../runtime/index';
import { find } from '../../runtime/testing';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

afterEach(() => expect(find()).toEqual([]));

/** A worker that records how many calls run at once. */
function gauge() {
  const state = { active: 0, peak: 0 };
  const work = async <T>(value: T, ms = 2): Promise<T> => {
    state.active++;
    state.peak = Math.max(state.peak, state.active);
    await tick(ms);
    state.active--;
    return value;
  };
  return { state, work };
}

describe('mapLimit', () => {
  it('keeps input order, passes the index, and never runs more than the limit at once', async () => {
    const { state, work } = gauge();
    const items = Array.from({ length: 40 }, (_, i) => i);
    const out = await mapLimit(items, 4, (x, i) => work(x * 10 + i, (x * 7) % 5));
    expect(out).toEqual(items.map((x) => x * 11));
    expect(state.peak).toBe(4);
  });

  it('the first error aborts the calls in flight, starts no new ones, and rejects after they settled', async () => {
    const started: number[] = [];
    const abortedSeen: number[] = [];
    const error = new Error('item 2 failed');
    const run = mapLimit([0, 1, 2, 3, 4, 5], 3, async (x) => {
      started.push(x);
      const s = signal();
      if (x === 2) {
        await tick(1);
        throw error;
      }
      await new Promise<void>((resolve) => s.addEventListener('abort', () => resolve()));
      abortedSeen.push(x);
    });
    await expect(run).rejects.toBe(error);
    expect(started).toEqual([0, 1, 2]);
    expect(abortedSeen.sort()).toEqual([0, 1]);
  });

  it('stops on an outside signal with its reason; an aborted signal rejects at once', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const run = mapLimit([1, 2, 3, 4], 1, async (x) => {
      started.push(x);
      await tick(5);
    }, { signal: controller.signal });
    controller.abort('enough');
    await expect(run).rejects.toBe('enough');
    expect(started).toEqual([1]);
    await expect(mapLimit([1], 1, async () => 1, { signal: controller.signal })).rejects.toBe('enough');
  });

  it('checks its arguments synchronously with messages that say what to pass', () => {
    expect(() => mapLimit([1], 0, async () => 1)).toThrow('[leash] mapLimit(items, limit, fn): expected `limit` to be an integer from 1 and up or Infinity, got 0.');
    expect(() => mapLimit([1], 1.5, async () => 1)).toThrow(/got 1.5/);
    expect(() => mapLimit([1], 2, 'x' as never)).toThrow(/expected `fn` to be a function/);
    expect(() => mapLimit([1], 2, async () => 1, { signal: 'x' as never })).toThrow(/expected `signal` to be an AbortSignal/);
  });

  it('handles empty input and Infinity', async () => {
    expect(await mapLimit([], 3, async () => 1)).toEqual([]);
    expect(await mapLimit(new Set([1, 2]), Infinity, async (x) => x + 1)).toEqual([2, 3]);
  });
});

describe('mapSettledLimit', () => {
  it('runs every item and reports each outcome in order, in Promise.allSettled shape', async () => {
    const { state, work } = gauge();
    const out = await mapSettledLimit([1, 2, 3, 4, 5], 2, async (x) => {
      await work(x);
      if (x % 2 === 0) throw new Error(`bad ${x}`);
      return x;
    });
    expect(state.peak).toBe(2);
    expect(out.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([1, 'bad 2', 3, 'bad 4', 5]);
    expect(out[0]).toEqual({ status: 'fulfilled', value: 1 });
  });
});

describe('limit', () => {
  it('runs at most n at once, in order, and reports its counts', async () => {
    const { state, work } = gauge();
    const run = limit(2);
    const all = Promise.all([1, 2, 3, 4, 5].map((x) => run(work, x)));
    expect(run.activeCount).toBe(2);
    expect(run.pendingCount).toBe(3);
    expect(await all).toEqual([1, 2, 3, 4, 5]);
    expect(state.peak).toBe(2);
    expect(() => limit(-1)).toThrow(/integer from 1 and up/);
  });
});

describe('TaskGroup', () => {
  it('a default-constructed group is valid: wait resolves when all functions have returned', async () => {
    const group = new TaskGroup();
    const done: number[] = [];
    group.go(async () => {
      await tick(2);
      done.push(1);
    });
    group.go(async () => void done.push(2));
    await group.wait();
    expect(done.sort()).toEqual([1, 2]);
    expect(group.signal.aborted).toBe(true);
    expect(() => group.go(async () => {})).toThrow(/create a new TaskGroup/);
  });

  it('the first error aborts the siblings through the signal and is what wait() rejects with', async () => {
    const group = new TaskGroup();
    const error = new Error('first');
    let siblingReason: unknown;
    group.go((s) => new Promise<void>((resolve) => s.addEventListener('abort', () => {
      siblingReason = s.reason;
      resolve();
    })));
    group.go(async () => {
      await tick(1);
      throw error;
    });
    group.go(async () => {
      await tick(5);
      throw new Error('second');
    });
    await expect(group.wait()).rejects.toBe(error);
    expect(siblingReason).toBe(error);
  });

  it('limit queues go() and tryGo() refuses at the limit', async () => {
    const { state, work } = gauge();
    const group = new TaskGroup({ limit: 2 });
    for (let i = 0; i < 6; i++) group.go(() => work(i));
    expect(group.tryGo(() => work(9))).toBe(false);
    await group.wait();
    expect(state.peak).toBe(2);
  });

  it('an outside signal aborts the group and wait() rejects with its reason', async () => {
    const controller = new AbortController();
    const group = new TaskGroup({ signal: controller.signal });
    group.go((s) => new Promise<void>((resolve) => s.addEventListener('abort', () => resolve())));
    controller.abort('shutdown');
    await expect(group.wait()).rejects.toBe('shutdown');
  });
});

describe('sleep', () => {
  it('resolves after ms, and rejects with the reason as soon as the scope ends, clearing its timer', async () => {
    await sleep(2);
    const scope = new Scope();
    const run = scope.run(() => sleep(10_000));
    expect(find()).toMatchObject([{ kind: 'timeout', site: 'leash:sleep' }]);
    scope.abort('cancelled');
    await expect(run).rejects.toBe('cancelled');
    const controller = new AbortController();
    controller.abort('early');
    await expect(sleep(5, { signal: controller.signal })).rejects.toBe('early');
    expect(() => sleep(-5)).toThrow(/expected milliseconds >= 0, got -5/);
  });
});
