// `new` takes a signal like a call does: a constructor with a signal parameter or options with
// an optional `signal` gets the caller's. A parameter typed `AbortSignal | undefined` (not
// optional) is the enclosing function's signal.
class Download {
  constructor(
    readonly url: string,
    readonly options: { retries?: number; signal?: AbortSignal } = {},
  ) {}
}

class Watch {
  constructor(
    readonly path: string,
    readonly signal?: AbortSignal,
  ) {}
}

export function start(url: string, signal: AbortSignal | undefined): [Download, Download, Watch] {
  return [new Download(url), new Download(url, { retries: 2 }), new Watch(url)];
}
