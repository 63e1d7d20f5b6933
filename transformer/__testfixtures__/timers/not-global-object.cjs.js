"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.tick = tick;
function tick(fn) {
    clock.setTimeout(fn, 100);
}
