// skips: overloaded, rest-parameter, used-as-value, inherited-method, typed-function, name-conflict, unsupported-function, options-not-literal
function overloaded(url: string): Promise<Response>;
function overloaded(url: URL): Promise<Response>;
function overloaded(url: string | URL) {
  return fetch(url);
}

async function rest(...urls: string[]) {
  return fetch(urls[0]!);
}

async function passedAround(url: string) {
  return fetch(url);
}

interface Loader {
  load(url: string): Promise<Response>;
}
class HttpLoader implements Loader {
  async load(url: string) {
    return fetch(url);
  }
}

const typed: (url: string) => Promise<Response> = async (url) => fetch(url);

async function conflict(url: string) {
  const signal = 'SIGTERM';
  console.log(signal);
  return fetch(url);
}

class Eager {
  constructor(url: string) {
    void fetch(url);
  }
}

async function variableOptions(url: string, init: RequestInit) {
  return fetch(url, init);
}

export async function entry(url: string, signal: AbortSignal) {
  await overloaded(url);
  await rest(url);
  await Promise.all([url].map(passedAround));
  await new HttpLoader().load(url);
  await typed(url);
  await conflict(url);
  new Eager(url);
  await variableOptions(url, { signal });
}
