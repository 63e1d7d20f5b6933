"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.init = init;
function open(name) {
    return { name };
}
let handle;
async function init() {
    handle = open(await source());
}
