"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.untyped = untyped;
async function untyped(url) {
    await fetch(url, init);
}
