// skips: spread-arguments, call-apply, no-enclosing-function
export async function spread(args: [string], signal: AbortSignal) {
  return fetch(...args);
}

export async function viaCall(url: string, signal: AbortSignal) {
  return fetchVia.call(null, url);
}

async function fetchVia(url: string) {
  return fetch(url);
}

export const top = fetch('https://example.com/at-load');
