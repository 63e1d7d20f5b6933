"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.bound = exports.schedulers = void 0;
exports.viaCall = viaCall;
// The functions used as values are not calls: nothing changes.
exports.schedulers = [setTimeout, setInterval];
exports.bound = setTimeout.bind(globalThis);
function viaCall(fn) {
    setTimeout.call(globalThis, fn, 1);
}
