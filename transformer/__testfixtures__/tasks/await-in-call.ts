// expect-notes: tasks/awaitInCall tasks/awaitInCall
// A detached call with `await`/`yield` in its arguments cannot move into an arrow: left alone.
declare function save(item: string): Promise<void>;
declare function load(): Promise<string>;

export async function chain(): Promise<void> {
  save(await load());
}

export async function* gen(): AsyncGenerator<string, void, string> {
  save(yield 'next');
}
