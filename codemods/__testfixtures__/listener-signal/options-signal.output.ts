interface WatchOptions {
  signal?: AbortSignal;
  verbose?: boolean;
}

export function watch(target: EventTarget, options: WatchOptions = {}) {
  target.addEventListener('change', () => {
    if (options.verbose) console.log('changed');
  }, /* leash-codemod */ { signal: options.signal });
}

export function watchOnce(target: EventTarget, init?: { signal?: AbortSignal }) {
  target.addEventListener('change', () => console.log('once'), /* leash-codemod */ { once: true, signal: init?.signal });
}
