declare function lookup(key: string): Promise<string | undefined>;

export async function cached(key: string) {
  return Promise.race([
    lookup(key),
    new Promise<undefined>((resolve) => {
      setTimeout(() => resolve(undefined), 50);
    }),
  ]);
}

export function firstOrNull(a: Promise<number>, b: Promise<number>) {
  return Promise.race([a, b, new Promise<null>((resolve) => setTimeout(() => resolve(null), 100))]);
}
