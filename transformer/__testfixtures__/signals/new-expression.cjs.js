"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.start = start;
// `new` takes a signal like a call does: a constructor with a signal parameter or options with
// an optional `signal` gets the caller's. A parameter typed `AbortSignal | undefined` (not
// optional) is the enclosing function's signal.
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
class Download {
    url;
    options;
    constructor(url, options = {}) {
        this.url = url;
        this.options = options;
    }
}
class Watch {
    path;
    signal;
    constructor(path, signal) {
        this.path = path;
        this.signal = signal;
    }
}
function start(url, signal) {
    return [new Download(url, ...leash_1.signalArgs(leash_1.signal(signal), 0, true)), new Download(url, { retries: 2, ...leash_1.signalProperty(leash_1.signal(signal)) }), new Watch(url, ...leash_1.signalArgs(leash_1.signal(signal), 0, false))];
}
