// A detached call whose callee starts with a type assertion in parentheses. tsc erases the
// assertion and its parentheses (`(p as Promise<T>).catch(f)` is emitted `p.catch(f)`), so in
// emitted JavaScript the call starts where the asserted expression does: the text emitter must
// still find it there (tinybench's src/utils.ts silences a rejection this way).
declare function start(): PromiseLike<unknown>;
const ignore = (): void => {};

export function silence(): void {
  const call = start();
  (call.then(ignore) as Promise<unknown>).catch(ignore);
  (<Promise<unknown>>call.then(ignore)).finally(ignore);
  (call as Promise<unknown> satisfies PromiseLike<unknown>).then(ignore, ignore);
  (call!.then(ignore) as Promise<unknown>)!.catch(ignore);
}
