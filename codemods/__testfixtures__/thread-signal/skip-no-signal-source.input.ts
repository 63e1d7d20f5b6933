// skips: no-signal-source, exported-signature
// Nothing on any path into `load` has a signal: no parameter is added, nothing threads `undefined`.
async function load(url: string) {
  return fetch(url);
}

export async function main() {
  return load('https://example.com/');
}

// An exported function keeps its signature: callers outside the project could not pass a signal.
export async function get(url: string) {
  return fetch(url);
}
