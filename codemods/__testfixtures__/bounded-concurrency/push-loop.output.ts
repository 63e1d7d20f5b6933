/* leash-codemod */ import { mapLimit, mapSettledLimit } from 'leash';

declare function upload(file: string): Promise<{ url: string }>;

export async function uploadAll(files: string[]) {
  // Upload everything at once.
  const done = await /* leash-codemod */ mapLimit(files, 8, (file): Promise<{ url: string }> => {
    const trimmed = file.trim();
    return upload(trimmed);
  });
  return done.map((d) => d.url);
}

export async function uploadPairs(pairs: Map<string, string>) {
  return /* leash-codemod */ mapSettledLimit(pairs, 8, ([from, to]) => upload(`${from}->${to}`));
}
