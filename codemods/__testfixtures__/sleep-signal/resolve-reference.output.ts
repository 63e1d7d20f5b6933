/* leash-codemod */ import { sleep } from 'leash';

export async function pause(ms: number) {
  await /* leash-codemod */ sleep(ms);
}

export async function retry<T>(fn: () => Promise<T>, attempts: number): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= attempts) throw error;
      await /* leash-codemod */ sleep(100 * 2 ** i);
    }
  }
}
