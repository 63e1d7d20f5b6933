// Opt-outs: a comment alone on a line covers the next line; after code, its own line.
export function start(fn: () => void): void {
  // leash-ignore
  setTimeout(fn, 1);
  setTimeout(fn, 2); // leash-ignore
  setTimeout(fn, 3);
  const text = '// leash-ignore'; setTimeout(fn, 4);
  /* leash-ignore */ setTimeout(fn, text.length);
}
