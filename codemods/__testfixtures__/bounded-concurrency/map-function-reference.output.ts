import { readFile } from 'node:fs/promises';
/* leash-codemod */ import { mapLimit } from 'leash';

async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8');
}

const sizeOf = async (file: string, index: number) => `${index}:${(await readText(file)).length}`;

export function readAll(files: string[]) {
  return /* leash-codemod */ mapLimit(files, 8, readText);
}

export function sizes(files: string[]) {
  return /* leash-codemod */ mapLimit(files, 8, sizeOf);
}
