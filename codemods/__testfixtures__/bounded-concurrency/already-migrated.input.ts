import { mapLimit } from 'leash';

declare function load(id: number): Promise<string>;

export function loadAll(ids: number[]) {
  return mapLimit(ids, 8, (id) => load(id));
}
