"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.explicit = explicit;
async function explicit(url, withSignal) {
    const signal = mine;
    await fetch(url, { signal: mine });
    await fetch(url, { signal: undefined });
    await fetch(url, { signal });
    await get(url, withSignal);
    await load('a', mine);
}
