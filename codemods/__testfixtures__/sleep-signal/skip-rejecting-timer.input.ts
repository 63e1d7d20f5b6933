// A timer that rejects is a timeout (race-timeout), not a sleep: left alone, not reported.
export function failAfter(ms: number) {
  return new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));
}
