// skips: uses-array-argument, uses-arguments, rest-parameter
declare function compare(a: number, b: number | undefined): Promise<boolean>;

export function increasing(values: number[]) {
  return Promise.all(values.map((v, i, all) => compare(v, all[i + 1])));
}

export function withArguments(values: number[]) {
  return Promise.all(values.map(function (v) {
    return compare(v, arguments[1]);
  }));
}

export function withRest(values: number[]) {
  return Promise.all(values.map((...args: [number, number]) => compare(args[0], args[1])));
}
