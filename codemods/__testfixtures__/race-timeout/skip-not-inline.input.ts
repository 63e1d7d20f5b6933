// skips: timeout-not-inline, several-timeouts
declare function timeout(ms: number): Promise<never>;
declare function work(): Promise<string>;

export function race() {
  return Promise.race([work(), timeout(1000)]);
}

export function twoTimers() {
  return Promise.race([
    work(),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('a')), 10)),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error('b')), 20)),
  ]);
}

export function noTimer(a: Promise<1>, b: Promise<2>) {
  return Promise.race([a, b]);
}
