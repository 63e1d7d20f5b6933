// Executed by test/codemods/behaviour.test.ts: results keep their order, at most 8 run at once.
export async function squareAll(values: number[], work: (value: number, index: number) => Promise<number>) {
  return Promise.all(values.map(async (value, index) => work(value, index)));
}

export async function settleAll(values: number[], work: (value: number) => Promise<number>) {
  const pending: Promise<number>[] = [];
  for (const value of values) {
    pending.push(work(value));
  }
  return Promise.allSettled(pending);
}
