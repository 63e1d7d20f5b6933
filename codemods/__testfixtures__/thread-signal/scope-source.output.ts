import { Scope } from 'leash';

async function poll(url: string, /* leash-codemod */ signal?: AbortSignal) {
  return fetch(url, /* leash-codemod */ { signal });
}

export async function job(url: string) {
  using scope = new Scope({ name: 'job', timeout: 5000 });
  return poll(url, /* leash-codemod */ scope.signal);
}
