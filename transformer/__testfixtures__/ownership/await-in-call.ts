// expect-notes: ownership/awaitInCall
// A held call with `await` in its arguments cannot be wrapped in an arrow: it stays in the
// caller's scope, and the note says so.
declare function source(): Promise<string>;

function open(name: string): { name: string } {
  return { name };
}

let handle: { name: string } | undefined;
export async function init(): Promise<void> {
  handle = open(await source());
}
