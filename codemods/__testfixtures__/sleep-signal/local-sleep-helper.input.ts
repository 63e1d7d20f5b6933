// A local helper with the same name as the leash export: the import gets an alias.

export function sleep(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function tick() {
  await sleep(1);
}
