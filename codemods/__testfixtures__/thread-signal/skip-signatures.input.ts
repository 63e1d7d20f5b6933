// skips: overloaded, rest-parameter, used-as-value, inherited-method, typed-function, name-conflict, unsupported-function, options-not-literal, used-as-value
export function overloaded(url: string): Promise<Response>;
export function overloaded(url: URL): Promise<Response>;
export function overloaded(url: string | URL) {
  return fetch(url);
}

export async function rest(...urls: string[]) {
  return fetch(urls[0]!);
}

async function passedAround(url: string) {
  return fetch(url);
}
export const results = ['a', 'b'].map(passedAround);

interface Loader {
  load(url: string): Promise<Response>;
}
export class HttpLoader implements Loader {
  async load(url: string) {
    return fetch(url);
  }
}

export const typed: (url: string) => Promise<Response> = async (url) => fetch(url);

export async function conflict(url: string) {
  const signal = 'SIGTERM';
  console.log(signal);
  return fetch(url);
}

export class Eager {
  readonly response: Promise<Response>;
  constructor(url: string) {
    this.response = fetch(url);
  }
}

export async function variableOptions(url: string, init: RequestInit) {
  return fetch(url, init);
}

async function inObject(url: string) {
  return fetch(url);
}
export const handlers = { inObject };
