declare function fetchReport(id: string): Promise<string>;

export async function report(id: string) {
  const text = await Promise.race([
    fetchReport(id),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`report ${id} timed out`)), 5000)),
  ]);
  return text.trim();
}

export function withReference(work: Promise<number>, ms: number) {
  return Promise.race([work, new Promise<never>((_resolve, reject) => setTimeout(reject, ms, new Error('slow')))]);
}
