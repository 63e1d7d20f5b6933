// skips: type-arguments
declare function load(id: number): Promise<string>;

export function tupleTyped(ids: number[]) {
  return Promise.all<Promise<string>[]>(ids.map((id) => load(id)));
}
