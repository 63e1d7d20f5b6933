import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export async function required(url, signal) {
    await fetch(url, { signal });
    await load('a', signal);
}
export async function optional(url, signal) {
    await fetch(url, { signal: signal ?? leash_1.signal() });
}
export async function destructured(url, { signal, retries } = {}) {
    await fetch(url, { signal: signal ?? leash_1.signal() });
    return retries;
}
export async function options(url, options) {
    await fetch(url, { signal: options.signal ?? leash_1.signal() });
}
export async function optionalOptions(url, options) {
    await fetch(url, { signal: options?.signal ?? leash_1.signal() });
}
export async function handler(request) {
    await fetch('http://127.0.0.1/upstream', { method: 'POST', signal: request.signal });
}
export function nested(urls, signal) {
    return Promise.all(leash_1.observeAll("transformer/__testfixtures__/signals/caller-signal.ts:37:18 nested", urls.map((url) => fetch(url, { signal }))));
}
export class Client {
    async get(url, signal) {
        return fetch(url, { signal: signal ?? leash_1.signal() });
    }
}
export async function optionalChain(client, signal) {
    return client?.get('http://127.0.0.1/', signal);
}
