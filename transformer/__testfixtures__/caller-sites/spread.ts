// expect-notes: caller-sites/spreadArgument, signals/spreadArguments
// With a spread there is no argument to carry the site: the API reports leash:mapLimit, and the plan says so.
import { mapLimit } from 'leash';

declare function save(item: number): Promise<void>;

export async function all(args: [number[], number, (item: number) => Promise<void>]): Promise<void> {
  await mapLimit(...args);
  await mapLimit([1], 1, save);
}
