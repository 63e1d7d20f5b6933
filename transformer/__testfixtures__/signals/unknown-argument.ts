// expect-notes: signals/unknownArgument
// An options argument typed `any` may not be an object: left alone.
declare const init: any;

export async function untyped(url: string): Promise<void> {
  await fetch(url, init);
}
