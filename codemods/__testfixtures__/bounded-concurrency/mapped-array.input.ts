// skips: loop-shape
export async function sizes(urls: string[], fetchSize: (url: string) => Promise<number>) {
  const seen = new Set<string>();
  const pending = urls.map(async (url) => {
    seen.add(url);
    return fetchSize(url);
  });
  const results = await Promise.all(pending);
  return results;
}

export async function settle(ids: number[], load: (id: number) => Promise<string>) {
  const jobs = ids.map((id) => load(id));
  return Promise.allSettled(jobs);
}

// `ps` is used again: not rewritten.
export async function reused(ids: number[], load: (id: number) => Promise<string>) {
  const ps = ids.map((id) => load(id));
  await Promise.all(ps);
  return ps.length;
}
