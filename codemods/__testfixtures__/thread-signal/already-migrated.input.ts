async function load(url: string, signal?: AbortSignal) {
  return fetch(url, { signal });
}

export async function loadAll(urls: string[], signal: AbortSignal) {
  return Promise.all(urls.map((url) => load(url, signal)));
}
