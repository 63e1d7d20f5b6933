import { readFile } from 'node:fs/promises';

async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8');
}

const sizeOf = async (file: string, index: number) => `${index}:${(await readText(file)).length}`;

export function readAll(files: string[]) {
  return Promise.all(files.map(readText));
}

export function sizes(files: string[]) {
  return Promise.all(files.map(sizeOf));
}
