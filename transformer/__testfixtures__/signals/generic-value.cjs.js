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
    leash_1.signal(job.signal) === void 0 ? enqueue({ id: job.id }) : enqueue({ id: job.id }, { signal: leash_1.signal(job.signal) });
    enqueue(job);
    remember(job);
    return queue.includes(job);
}
