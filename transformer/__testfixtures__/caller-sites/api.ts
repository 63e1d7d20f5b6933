// expect-notes: signals/explicitSignal
// leash's own API gets its caller's site with the argument it reads it from, matched by declaration
// (an alias, a namespace import and a TaskGroup method count; a local function of the same name does not).
import { limit, mapLimit, mapSettledLimit, sleep, TaskGroup, withCancel, withDeadline, withTimeout as within } from 'leash';
import * as leash from 'leash';

declare function save(item: number): Promise<void>;
declare const app: { get(path: string, handler: (request: unknown) => Promise<void>): void };

export const sync = async (items: number[]): Promise<void> => {
  await mapLimit(items, 4, (item) => save(item));
  await mapSettledLimit(items, 2, async (item) => save(item), {});
  await leash.mapLimit(items, 1, save);
};

app.get('/report', async () => {
  await within(1_000, (scope) => sleep(10, { signal: scope.signal }));
  await withDeadline(Date.now() + 1_000, () => save(1));
  await withCancel(async () => save(2));
});

export class Worker {
  run = async (): Promise<void> => {
    const group = new TaskGroup({ limit: 2 });
    group.go(() => save(3));
    group.tryGo(async () => save(4));
    await group.wait();
  };
}

export const handlers = {
  onTick: async () => {
    await sleep(5);
    await limit(2)(() => save(5)); // limit registers nothing itself: no site
  },
};

function mapLimitLocal(items: number[], n: number, fn: (item: number) => void): void {
  items.slice(0, n).forEach(fn);
}
export const local = (): void => mapLimitLocal([1], 1, () => undefined);
