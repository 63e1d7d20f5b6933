import { Scope } from 'leash';

async function poll(url: string) {
  return fetch(url);
}

export async function job(url: string) {
  using scope = new Scope({ name: 'job', timeout: 5000 });
  return poll(url);
}
