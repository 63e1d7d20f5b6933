// Promises that are awaited, returned, yielded, stored or passed on are consumed: nothing changes.
declare function save(item: string): Promise<void>;

export async function consumed(items: string[]): Promise<void> {
  await save('a');
  const pending = save('b');
  await Promise.allSettled([save('c'), pending]);
  items.map((item) => save(item));
  const done = await save('d');
  if (done === undefined) return save('e');
}

export const arrow = () => save('f');

export async function* yielded(): AsyncGenerator<void> {
  yield save('g');
}

export function held(): Promise<void> {
  const holder = { p: save('h') };
  return holder.p;
}
