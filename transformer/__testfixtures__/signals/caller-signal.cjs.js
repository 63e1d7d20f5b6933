"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Client = void 0;
exports.required = required;
exports.optional = optional;
exports.destructured = destructured;
exports.options = options;
exports.optionalOptions = optionalOptions;
exports.handler = handler;
exports.nested = nested;
exports.optionalChain = optionalChain;
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
async function required(url, signal) {
    await (leash_1.signal(signal) === void 0 ? fetch(url) : fetch(url, { signal: leash_1.signal(signal) }));
    await (leash_1.signal(signal) === void 0 ? load('a') : load('a', leash_1.signal(signal)));
}
async function optional(url, signal) {
    await (leash_1.signal(signal) === void 0 ? fetch(url) : fetch(url, { signal: leash_1.signal(signal) }));
}
async function destructured(url, { signal, retries } = {}) {
    await (leash_1.signal(signal) === void 0 ? fetch(url) : fetch(url, { signal: leash_1.signal(signal) }));
    return retries;
}
async function options(url, options) {
    await (leash_1.signal(options.signal) === void 0 ? fetch(url) : fetch(url, { signal: leash_1.signal(options.signal) }));
}
async function optionalOptions(url, options) {
    await (leash_1.signal(options?.signal) === void 0 ? fetch(url) : fetch(url, { signal: leash_1.signal(options?.signal) }));
}
async function handler(request) {
    await (leash_1.signal(request.signal) === void 0 ? fetch('http://127.0.0.1/upstream', { method: 'POST' }) : fetch('http://127.0.0.1/upstream', { method: 'POST', signal: leash_1.signal(request.signal) }));
}
function nested(urls, signal) {
    return Promise.all(leash_1.observeAll("transformer/__testfixtures__/signals/caller-signal.ts:37:18 nested", urls.map((url) => leash_1.signal(signal) === void 0 ? fetch(url) : fetch(url, { signal: leash_1.signal(signal) }))));
}
class Client {
    async get(url, signal) {
        return leash_1.signal(signal) === void 0 ? fetch(url) : fetch(url, { signal: leash_1.signal(signal) });
    }
}
exports.Client = Client;
async function optionalChain(client, signal) {
    return leash_1.signal(signal) === void 0 ? client?.get('http://127.0.0.1/') : client?.get('http://127.0.0.1/', leash_1.signal(signal));
}
