// skips: executor-shape, executor-shape, timer-arguments, timer-arguments
let timer: ReturnType<typeof setTimeout> | undefined;

export function cancellable(ms: number) {
  return new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
  });
}

export function logged(ms: number) {
  return new Promise<void>((resolve) => {
    console.log('waiting');
    setTimeout(resolve, ms);
  });
}

export function noDelay() {
  return new Promise((resolve) => setTimeout(resolve));
}

export function extraArgs(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms, 'late'));
}

export function stop() {
  clearTimeout(timer);
}
