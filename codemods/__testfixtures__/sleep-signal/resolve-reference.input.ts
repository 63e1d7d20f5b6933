export async function pause(ms: number) {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

export async function retry<T>(fn: () => Promise<T>, attempts: number): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= attempts) throw error;
      await new Promise<void>((r) => {
        setTimeout(() => r(), 100 * 2 ** i);
      });
    }
  }
}
