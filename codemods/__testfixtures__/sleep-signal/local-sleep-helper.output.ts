// A local helper with the same name as the leash export: the import gets an alias.

/* leash-codemod */ import { sleep as leashSleep } from 'leash';

export function sleep(ms: number) {
  return /* leash-codemod */ leashSleep(ms);
}

export async function tick() {
  await sleep(1);
}
