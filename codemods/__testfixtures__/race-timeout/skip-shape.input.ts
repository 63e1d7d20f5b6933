// skips: timer-callback-shape, executor-shape, executor-shape
declare function work(): Promise<string>;

export function logs() {
  return Promise.race([
    work(),
    new Promise<never>((_, reject) =>
      setTimeout(() => {
        console.log('timed out');
        reject(new Error('timeout'));
      }, 100),
    ),
  ]);
}

let handle: unknown;
export function keepsHandle() {
  return Promise.race([work(), new Promise<never>((_, reject) => { handle = setTimeout(() => reject(new Error('t')), 100); })]);
}

export function msFromExecutor() {
  return Promise.race([work(), new Promise<never>((resolve, reject) => setTimeout(reject, resolve.length))]);
}
