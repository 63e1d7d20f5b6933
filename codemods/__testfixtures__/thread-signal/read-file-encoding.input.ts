import { readFile } from 'node:fs/promises';

export async function readConfig(file: string, signal: AbortSignal) {
  const text = await readFile(file, 'utf8');
  const raw = await readFile(file);
  return [text, raw.length] as const;
}
