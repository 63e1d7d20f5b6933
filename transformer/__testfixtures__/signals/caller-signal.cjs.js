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
    await fetch(url, ...leash_1.signalArgs(leash_1.signal(signal), 0, true));
    await load('a', ...leash_1.signalArgs(leash_1.signal(signal), 0, false));
}
async function optional(url, signal) {
    await fetch(url, ...leash_1.signalArgs(leash_1.signal(signal), 0, true));
}
async function destructured(url, { signal, retries } = {}) {
    await fetch(url, ...leash_1.signalArgs(leash_1.signal(signal), 0, true));
    return retries;
}
async function options(url, options) {
    await fetch(url, ...leash_1.signalArgs(leash_1.signal(options.signal), 0, true));
}
async function optionalOptions(url, options) {
    await fetch(url, ...leash_1.signalArgs(leash_1.signal(options?.signal), 0, true));
}
async function handler(request) {
    await fetch('http://127.0.0.1/upstream', { method: 'POST', ...leash_1.signalProperty(leash_1.signal(request.signal)) });
}
function nested(urls, signal) {
    return Promise.all(leash_1.observeAll("transformer/__testfixtures__/signals/caller-signal.ts:37:18 nested", urls.map((url) => fetch(url, ...leash_1.signalArgs(leash_1.signal(signal), 0, true)))));
}
class Client {
    async get(url, signal) {
        return fetch(url, ...leash_1.signalArgs(leash_1.signal(signal), 0, true));
    }
}
exports.Client = Client;
async function optionalChain(client, signal) {
    return client?.get('http://127.0.0.1/', ...leash_1.signalArgs(leash_1.signal(signal), 0, false));
}
