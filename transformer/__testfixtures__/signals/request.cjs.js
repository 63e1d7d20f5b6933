"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.forward = forward;
// expect-notes: signals/argumentCarriesSignal signals/argumentCarriesSignal
// A Request already carries its own signal (a required property): no signal is added.
async function forward(request, input) {
    await fetch(request);
    await fetch(input);
}
