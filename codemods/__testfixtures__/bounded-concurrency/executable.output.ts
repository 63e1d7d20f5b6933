/* leash-codemod */ import { mapLimit, mapSettledLimit } from 'leash';

// Executed by test/codemods/behaviour.test.ts: results keep their order, at most 8 run at once.
export async function squareAll(values: number[], work: (value: number, index: number) => Promise<number>) {
  return /* leash-codemod */ mapLimit(values, 8, async (value, index) => work(value, index));
}

export async function settleAll(values: number[], work: (value: number) => Promise<number>) {
  return /* leash-codemod */ mapSettledLimit(values, 8, (value): Promise<number> => work(value));
}
