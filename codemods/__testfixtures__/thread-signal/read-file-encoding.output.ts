import { readFile } from 'node:fs/promises';

export async function readConfig(file: string, signal: AbortSignal) {
  const text = await readFile(file, /* leash-codemod */ { encoding: 'utf8', signal });
  const raw = await readFile(file, /* leash-codemod */ { signal });
  return [text, raw.length] as const;
}
