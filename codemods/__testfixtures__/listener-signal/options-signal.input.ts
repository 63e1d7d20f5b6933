interface WatchOptions {
  signal?: AbortSignal;
  verbose?: boolean;
}

export function watch(target: EventTarget, options: WatchOptions = {}) {
  target.addEventListener('change', () => {
    if (options.verbose) console.log('changed');
  });
}

export function watchOnce(target: EventTarget, init?: { signal?: AbortSignal }) {
  target.addEventListener('change', () => console.log('once'), { once: true });
}
