"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.handle = handle;
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
const queue = [];
function enqueue(job, options) {
    queue.push(job);
    return job;
}
function remember(item) {
    return item;
}
function handle(job) {
    enqueue({ id: job.id }, ...leash_1.signalArgs(leash_1.signal(job.signal), 0, true));
    enqueue(job);
    remember(job);
    return queue.includes(job);
}
