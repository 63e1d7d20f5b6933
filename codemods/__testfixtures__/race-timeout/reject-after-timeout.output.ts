/* leash-codemod */ import { deadlineExceeded, withTimeout } from 'leash';

declare function fetchReport(id: string): Promise<string>;

export async function report(id: string) {
  const text = await /* leash-codemod */ withTimeout(5000, () => fetchReport(id)).catch((error) => { throw error === deadlineExceeded ? new Error(`report ${id} timed out`) : error; });
  return text.trim();
}

export function withReference(work: Promise<number>, ms: number) {
  return /* leash-codemod */ withTimeout(ms, () => work).catch((error) => { throw error === deadlineExceeded ? new Error('slow') : error; });
}
