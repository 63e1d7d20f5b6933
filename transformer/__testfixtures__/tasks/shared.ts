// Whose promise a detached call returns (util/own-promise.ts). A promise the call made for its
// caller alone becomes `leash.spawn(...)`: its rejection nobody else can handle is re-raised as
// unhandled. A promise the callee may hold too becomes `leash.spawnShared(...)`: registered the
// same, its rejection left to that holder, which may handle it (TanStack Query's retryer returns
// its own `promise`, on which it called `.catch(noop)`, from `continue()`).
import { readFile } from 'node:fs/promises';

interface Retryer {
  start(): Promise<unknown>;
  continue(): Promise<unknown>;
}
declare const retryer: Retryer;
declare function external(): Promise<void>;

async function load(): Promise<string> {
  return 'x';
}
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
function later(): Promise<string> {
  return sleep(1).then(() => load());
}
function either(fast: boolean): Promise<unknown> {
  return fast ? load() : (sleep(1) as Promise<unknown>);
}
function overloaded(a: string): Promise<void>;
function overloaded(a: number): Promise<void>;
async function overloaded(_a: string | number): Promise<void> {}
const arrow = async (): Promise<void> => {};
function recursive(): Promise<void> {
  return recursive();
}
// Followed four calls deep from the call, whichever call asked first: `wrap3()` below is proved
// (and remembered) before `wrap4()`, one call deeper, is asked about.
function wrap1(): Promise<void> {
  return sleep(1);
}
function wrap2(): Promise<void> {
  return wrap1();
}
function wrap3(): Promise<void> {
  return wrap2();
}
function wrap4(): Promise<void> {
  return wrap3();
}

class Cache {
  #pending: Promise<string> | undefined;
  get(): Promise<string> {
    return (this.#pending ??= load());
  }
  refresh(): Promise<string> {
    const next = load();
    this.#pending = next;
    return next;
  }
  async run(): Promise<void> {}
}

export function own(cache: Cache): void {
  load();
  sleep(1);
  later();
  either(true);
  overloaded('a');
  arrow();
  cache.run();
  readFile('x');
  Promise.allSettled([load()]);
  Promise.resolve();
  cache.get().finally(() => {});
  wrap3();
}

export function shared(cache: Cache, callback: () => Promise<void>, pending: Promise<void>[], held: Promise<void>): void {
  retryer.continue();
  external();
  callback();
  cache.get();
  cache.refresh();
  recursive();
  Promise.resolve(held);
  pending.shift();
  pending.reduce((chain) => chain, held);
  wrap4();
}
