// skips: spread-arguments, call-apply, no-enclosing-function
export async function get(url: string, init: RequestInit = {}) {
  return fetch(url, { ...init });
}

export async function spread(args: [string]) {
  return fetch(...args);
}

export async function viaCall(url: string) {
  return fetchVia.call(null, url);
}

async function fetchVia(url: string) {
  return fetch(url);
}

export const top = fetch('https://example.com/at-load');
