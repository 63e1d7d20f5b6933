import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export async function required(url, signal) {
    await fetch(url, ...leash_1.signalArgs(leash_1.signal(signal), 0, true));
    await load('a', ...leash_1.signalArgs(leash_1.signal(signal), 0, false));
}
export async function optional(url, signal) {
    await fetch(url, ...leash_1.signalArgs(leash_1.signal(signal), 0, true));
}
export async function destructured(url, { signal, retries } = {}) {
    await fetch(url, ...leash_1.signalArgs(leash_1.signal(signal), 0, true));
    return retries;
}
export async function options(url, options) {
    await fetch(url, ...leash_1.signalArgs(leash_1.signal(options.signal), 0, true));
}
export async function optionalOptions(url, options) {
    await fetch(url, ...leash_1.signalArgs(leash_1.signal(options?.signal), 0, true));
}
export async function handler(request) {
    await fetch('http://127.0.0.1/upstream', { method: 'POST', ...leash_1.signalProperty(leash_1.signal(request.signal)) });
}
export function nested(urls, signal) {
    return Promise.all(leash_1.observeAll("transformer/__testfixtures__/signals/caller-signal.ts:37:18 nested", urls.map((url) => fetch(url, ...leash_1.signalArgs(leash_1.signal(signal), 0, true)))));
}
export class Client {
    async get(url, signal) {
        return fetch(url, ...leash_1.signalArgs(leash_1.signal(signal), 0, true));
    }
}
export async function optionalChain(client, signal) {
    return client?.get('http://127.0.0.1/', ...leash_1.signalArgs(leash_1.signal(signal), 0, false));
}
