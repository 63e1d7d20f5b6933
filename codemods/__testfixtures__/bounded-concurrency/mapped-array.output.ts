/* leash-codemod */ import { mapLimit, mapSettledLimit } from 'leash';

// skips: loop-shape
export async function sizes(urls: string[], fetchSize: (url: string) => Promise<number>) {
  const seen = new Set<string>();
  const results = await /* leash-codemod */ mapLimit(urls, 8, async (url) => {
    seen.add(url);
    return fetchSize(url);
  });
  return results;
}

export async function settle(ids: number[], load: (id: number) => Promise<string>) {
  return /* leash-codemod */ mapSettledLimit(ids, 8, (id) => load(id));
}

// `ps` is used again: not rewritten.
export async function reused(ids: number[], load: (id: number) => Promise<string>) {
  const ps = ids.map((id) => load(id));
  await Promise.all(ps);
  return ps.length;
}
