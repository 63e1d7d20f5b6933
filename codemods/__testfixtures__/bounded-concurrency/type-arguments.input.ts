declare function score(name: string): Promise<number>;
declare function label(n: number): string;

export function scores(names: string[]) {
  return Promise.all<number>(names.map(async (name) => score(name)));
}

export function labels(ns: number[]) {
  return Promise.all(ns.map<Promise<string>>(async (n) => label(n)));
}

export function plain(ns: number[]) {
  return Promise.all<string>(ns.map((n) => label(n)));
}

export function bare(ns: number[]) {
  return Promise.all<string>(ns.map(n => label(n)));
}

export function bareAsync(ns: number[]) {
  return Promise.all(ns.map<Promise<string>>(async n => label(n)));
}
