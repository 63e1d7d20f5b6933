"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.handle = handle;
async function handle() {
    return await load('x');
}
