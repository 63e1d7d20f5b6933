import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export async function required(url, signal) {
    await (leash_1.signal(signal) === void 0 ? fetch(url) : fetch(url, { signal: leash_1.signal(signal) }));
    await (leash_1.signal(signal) === void 0 ? load('a') : load('a', leash_1.signal(signal)));
}
export async function optional(url, signal) {
    await (leash_1.signal(signal) === void 0 ? fetch(url) : fetch(url, { signal: leash_1.signal(signal) }));
}
export async function destructured(url, { signal, retries } = {}) {
    await (leash_1.signal(signal) === void 0 ? fetch(url) : fetch(url, { signal: leash_1.signal(signal) }));
    return retries;
}
export async function options(url, options) {
    await (leash_1.signal(options.signal) === void 0 ? fetch(url) : fetch(url, { signal: leash_1.signal(options.signal) }));
}
export async function optionalOptions(url, options) {
    await (leash_1.signal(options?.signal) === void 0 ? fetch(url) : fetch(url, { signal: leash_1.signal(options?.signal) }));
}
export async function handler(request) {
    await (leash_1.signal(request.signal) === void 0 ? fetch('http://127.0.0.1/upstream', { method: 'POST' }) : fetch('http://127.0.0.1/upstream', { method: 'POST', signal: leash_1.signal(request.signal) }));
}
export function nested(urls, signal) {
    return Promise.all(leash_1.observeAll("transformer/__testfixtures__/signals/caller-signal.ts:37:18 nested", urls.map((url) => leash_1.signal(signal) === void 0 ? fetch(url) : fetch(url, { signal: leash_1.signal(signal) }))));
}
export class Client {
    async get(url, signal) {
        return leash_1.signal(signal) === void 0 ? fetch(url) : fetch(url, { signal: leash_1.signal(signal) });
    }
}
export async function optionalChain(client, signal) {
    return leash_1.signal(signal) === void 0 ? client?.get('http://127.0.0.1/') : client?.get('http://127.0.0.1/', leash_1.signal(signal));
}
