// The enclosing function's own signal comes first: a parameter, a destructured one, the `signal`
// of a parameter that has one (options, a Request), also from a closure inside the function.
declare function load(id: string, signal?: AbortSignal): Promise<string>;

interface Options {
  signal?: AbortSignal;
  retries?: number;
}

export async function required(url: string, signal: AbortSignal): Promise<void> {
  await fetch(url);
  await load('a');
}

export async function optional(url: string, signal?: AbortSignal): Promise<void> {
  await fetch(url);
}

export async function destructured(url: string, { signal, retries }: Options = {}): Promise<number | undefined> {
  await fetch(url);
  return retries;
}

export async function options(url: string, options: Options): Promise<void> {
  await fetch(url);
}

export async function optionalOptions(url: string, options?: Options): Promise<void> {
  await fetch(url);
}

export async function handler(request: Request): Promise<void> {
  await fetch('http://127.0.0.1/upstream', { method: 'POST' });
}

export function nested(urls: string[], signal: AbortSignal): Promise<Response[]> {
  return Promise.all(urls.map((url) => fetch(url)));
}

export class Client {
  async get(url: string, signal?: AbortSignal): Promise<Response> {
    return fetch(url);
  }
}

export async function optionalChain(client: Client | undefined, signal: AbortSignal): Promise<Response | undefined> {
  return client?.get('http://127.0.0.1/');
}
