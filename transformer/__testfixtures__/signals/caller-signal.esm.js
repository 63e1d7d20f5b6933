import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export async function required(url, signal) {
    await (signal === void 0 ? fetch(url) : fetch(url, { signal }));
    await (signal === void 0 ? load('a') : load('a', signal));
}
export async function optional(url, signal) {
    await ((signal ?? leash_1.signal()) === void 0 ? fetch(url) : fetch(url, { signal: signal ?? leash_1.signal() }));
}
export async function destructured(url, { signal, retries } = {}) {
    await ((signal ?? leash_1.signal()) === void 0 ? fetch(url) : fetch(url, { signal: signal ?? leash_1.signal() }));
    return retries;
}
export async function options(url, options) {
    await ((options.signal ?? leash_1.signal()) === void 0 ? fetch(url) : fetch(url, { signal: options.signal ?? leash_1.signal() }));
}
export async function optionalOptions(url, options) {
    await ((options?.signal ?? leash_1.signal()) === void 0 ? fetch(url) : fetch(url, { signal: options?.signal ?? leash_1.signal() }));
}
export async function handler(request) {
    await (request.signal === void 0 ? fetch('http://127.0.0.1/upstream', { method: 'POST' }) : fetch('http://127.0.0.1/upstream', { method: 'POST', signal: request.signal }));
}
export function nested(urls, signal) {
    return Promise.all(leash_1.observeAll("transformer/__testfixtures__/signals/caller-signal.ts:37:18 nested", urls.map((url) => signal === void 0 ? fetch(url) : fetch(url, { signal }))));
}
export class Client {
    async get(url, signal) {
        return (signal ?? leash_1.signal()) === void 0 ? fetch(url) : fetch(url, { signal: signal ?? leash_1.signal() });
    }
}
export async function optionalChain(client, signal) {
    return signal === void 0 ? client?.get('http://127.0.0.1/') : client?.get('http://127.0.0.1/', signal);
}
