/* leash-codemod */ import { mapLimit } from 'leash';

declare function score(name: string): Promise<number>;
declare function label(n: number): string;

export function scores(names: string[]) {
  return /* leash-codemod */ mapLimit(names, 8, async (name): Promise<number> => score(name));
}

export function labels(ns: number[]) {
  return /* leash-codemod */ mapLimit(ns, 8, async (n): Promise<string> => label(n));
}

export function plain(ns: number[]) {
  return /* leash-codemod */ mapLimit(ns, 8, (n): string | PromiseLike<string> => label(n));
}

export function bare(ns: number[]) {
  return /* leash-codemod */ mapLimit(ns, 8, (n): string | PromiseLike<string> => label(n));
}

export function bareAsync(ns: number[]) {
  return /* leash-codemod */ mapLimit(ns, 8, async (n): Promise<string> => label(n));
}
