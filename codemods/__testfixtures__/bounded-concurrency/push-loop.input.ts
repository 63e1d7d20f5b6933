declare function upload(file: string): Promise<{ url: string }>;

export async function uploadAll(files: string[]) {
  // Upload everything at once.
  const uploads: Promise<{ url: string }>[] = [];
  for (const file of files) {
    const trimmed = file.trim();
    uploads.push(upload(trimmed));
  }
  const done = await Promise.all(uploads);
  return done.map((d) => d.url);
}

export async function uploadPairs(pairs: Map<string, string>) {
  const pending = [];
  for (const [from, to] of pairs) pending.push(upload(`${from}->${to}`));
  return Promise.allSettled(pending);
}
