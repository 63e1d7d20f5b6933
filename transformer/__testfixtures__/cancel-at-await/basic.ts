// fixture-config: {"cancelAtAwait": true}
// expect-notes: cancel-at-await/inFinally
// Every await checks the scope when it resumes, except in `finally` and on leash's own API.
import { shutdown } from 'leash';

declare function load(id: string): Promise<string>;
declare function close(): Promise<void>;

export async function handle(ids: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const id of ids) out.push(await load(id));
  try {
    out.push((await load('x')).trim());
  } finally {
    await close();
  }
  for await (const line of lines()) out.push(line);
  await using _resource = { [Symbol.asyncDispose]: close };
  await shutdown();
  return out;
}

async function* lines(): AsyncGenerator<string> {
  yield await load('line');
}

export const arrow = async (): Promise<string> => await load('arrow');
