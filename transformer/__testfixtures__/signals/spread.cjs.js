"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.spread = spread;
// expect-notes: signals/spreadArguments
// Spread arguments hide which parameter takes the signal: left alone.
async function spread(args) {
    await fetch(...args);
}
