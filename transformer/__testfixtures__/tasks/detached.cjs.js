"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.Worker = void 0;
exports.handle = handle;
exports.steps = steps;
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
class Worker {
    pending = 0;
    kick() {
        leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:10:10 Worker.kick", /* istanbul ignore next */ () => this.flush());
        void leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:11:23 Worker.kick", /* istanbul ignore next */ () => this.flush().catch(log));
    }
    async flush() {
        await save('x');
    }
}
exports.Worker = Worker;
function handle(items, ready, worker) {
    leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:20:11 handle", /* istanbul ignore next */ () => worker?.flush());
    leash_1.spawnShared("transformer/__testfixtures__/tasks/detached.ts:21:3 handle", /* istanbul ignore next */ () => save('a'));
    void leash_1.spawnShared("transformer/__testfixtures__/tasks/detached.ts:22:8 handle", /* istanbul ignore next */ () => save('b'));
    leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:23:10 handle", /* istanbul ignore next */ () => load().then(log, log));
    leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:24:3 handle", /* istanbul ignore next */ leash_f1 => (leash_f1)(), void 0, [async () => {
            await save('c');
        }]);
    ready && leash_1.spawnShared("transformer/__testfixtures__/tasks/detached.ts:27:12 handle", /* istanbul ignore next */ () => save('d'));
    ready ? leash_1.spawnShared("transformer/__testfixtures__/tasks/detached.ts:28:11 handle", /* istanbul ignore next */ () => save('e')) : leash_1.spawnShared("transformer/__testfixtures__/tasks/detached.ts:28:23 handle", /* istanbul ignore next */ () => load());
    (leash_1.spawnShared("transformer/__testfixtures__/tasks/detached.ts:29:4 handle", /* istanbul ignore next */ () => save('f')), leash_1.spawnShared("transformer/__testfixtures__/tasks/detached.ts:29:15 handle", /* istanbul ignore next */ () => save('g')));
    for (leash_1.spawnShared("transformer/__testfixtures__/tasks/detached.ts:30:8 handle", /* istanbul ignore next */ () => save('h')); ready; leash_1.spawnShared("transformer/__testfixtures__/tasks/detached.ts:30:26 handle", /* istanbul ignore next */ () => save('i')))
        break;
    void leash_1.spawnShared("transformer/__testfixtures__/tasks/detached.ts:31:9 handle", /* istanbul ignore next */ () => save('j'));
    leash_1.spawnShared("transformer/__testfixtures__/tasks/detached.ts:32:3 handle", /* istanbul ignore next */ () => save('k'));
    items.forEach((item) => {
        leash_1.spawnShared("transformer/__testfixtures__/tasks/detached.ts:34:5 handle", /* istanbul ignore next */ () => save(item));
    });
}
function* steps() {
    leash_1.spawnShared("transformer/__testfixtures__/tasks/detached.ts:39:3 steps", /* istanbul ignore next */ () => save('gen'));
    yield 1;
}
leash_1.detach(/* istanbul ignore next */ () => leash_1.spawnShared("transformer/__testfixtures__/tasks/detached.ts:43:1", /* istanbul ignore next */ () => save('top-level')));
