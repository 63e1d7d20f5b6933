// A promise kept in a local that the function never mentions again: nobody can await it, so it
// is a task like `f();` (`leash.spawn`). A local that is read and a module variable are left
// alone: whoever reads them decides.
declare function save(item: string): Promise<void>;

export function fireAndKeep(): void {
  const pending = save('a');
  let again = (save('b'));
}

export async function read(): Promise<void> {
  const pending = save('c');
  await pending;
  const later = save('d');
  setTimeout(() => later.catch(() => {}), 0);
}

export const warmup = save('e');
