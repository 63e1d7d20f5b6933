"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.start = start;
// leash-ignore-file
// The whole file is left alone.
function start(fn) {
    setTimeout(fn, 1);
    setInterval(fn, 2);
}
