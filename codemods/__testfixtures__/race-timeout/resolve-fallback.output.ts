/* leash-codemod */ import { deadlineExceeded, withTimeout } from 'leash';

declare function lookup(key: string): Promise<string | undefined>;

export async function cached(key: string) {
  return /* leash-codemod */ withTimeout(50, () => lookup(key)).catch((error) => { if (error === deadlineExceeded) return undefined; throw error; });
}

export function firstOrNull(a: Promise<number>, b: Promise<number>) {
  return /* leash-codemod */ withTimeout(100, () => Promise.race([a, b])).catch((error) => { if (error === deadlineExceeded) return null; throw error; });
}
