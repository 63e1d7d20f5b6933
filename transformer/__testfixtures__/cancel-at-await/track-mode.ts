// fixture-config: {"mode": "track", "cancelAtAwait": true}
// An explicit `cancelAtAwait: true` wins over track mode's default.
declare function load(id: string): Promise<string>;

export async function handle(): Promise<string> {
  const value = await load('x');
  setTimeout(() => undefined, 1);
  fetch('http://127.0.0.1/');
  return value;
}
