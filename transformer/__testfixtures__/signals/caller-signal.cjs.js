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
    await (signal === void 0 ? fetch(url) : fetch(url, { signal }));
    await (signal === void 0 ? load('a') : load('a', signal));
}
async function optional(url, signal) {
    await ((signal ?? leash_1.signal()) === void 0 ? fetch(url) : fetch(url, { signal: signal ?? leash_1.signal() }));
}
async function destructured(url, { signal, retries } = {}) {
    await ((signal ?? leash_1.signal()) === void 0 ? fetch(url) : fetch(url, { signal: signal ?? leash_1.signal() }));
    return retries;
}
async function options(url, options) {
    await ((options.signal ?? leash_1.signal()) === void 0 ? fetch(url) : fetch(url, { signal: options.signal ?? leash_1.signal() }));
}
async function optionalOptions(url, options) {
    await ((options?.signal ?? leash_1.signal()) === void 0 ? fetch(url) : fetch(url, { signal: options?.signal ?? leash_1.signal() }));
}
async function handler(request) {
    await (request.signal === void 0 ? fetch('http://127.0.0.1/upstream', { method: 'POST' }) : fetch('http://127.0.0.1/upstream', { method: 'POST', signal: request.signal }));
}
function nested(urls, signal) {
    return Promise.all(leash_1.observeAll("transformer/__testfixtures__/signals/caller-signal.ts:37:18 nested", urls.map((url) => signal === void 0 ? fetch(url) : fetch(url, { signal }))));
}
class Client {
    async get(url, signal) {
        return (signal ?? leash_1.signal()) === void 0 ? fetch(url) : fetch(url, { signal: signal ?? leash_1.signal() });
    }
}
exports.Client = Client;
async function optionalChain(client, signal) {
    return signal === void 0 ? client?.get('http://127.0.0.1/') : client?.get('http://127.0.0.1/', signal);
}
