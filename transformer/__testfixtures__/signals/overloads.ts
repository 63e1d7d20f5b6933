// expect-ts-errors
// expect-notes: signals/unresolvedOverload
// An overloaded callee whose overloads do not accept the arguments (a type error): left alone.
declare function read(path: string, options?: { signal?: AbortSignal; encoding?: string }): Promise<string>;
declare function read(fd: number, options?: { signal?: AbortSignal }): Promise<Uint8Array>;

export async function wrong(path: boolean): Promise<void> {
  await read(path);
  await read('ok');
}
