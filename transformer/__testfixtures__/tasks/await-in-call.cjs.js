"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.chain = chain;
exports.gen = gen;
async function chain() {
    save(await load());
}
async function* gen() {
    save(yield 'next');
}
