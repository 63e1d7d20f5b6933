import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export class Worker {
    pending = 0;
    kick() {
        leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:10:10 Worker.kick", () => this.flush());
        void leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:11:23 Worker.kick", () => this.flush().catch(log));
    }
    async flush() {
        await save('x');
    }
}
export function handle(items, ready) {
    leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:20:3 handle", () => save('a'));
    void leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:21:8 handle", () => save('b'));
    leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:22:10 handle", () => load().then(log, log));
    leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:23:3 handle", () => (async () => {
        await save('c');
    })());
    ready && leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:26:12 handle", () => save('d'));
    ready ? leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:27:11 handle", () => save('e')) : leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:27:23 handle", () => load());
    (leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:28:4 handle", () => save('f')), leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:28:15 handle", () => save('g')));
    for (leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:29:8 handle", () => save('h')); ready; leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:29:26 handle", () => save('i')))
        break;
    void leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:30:9 handle", () => save('j'));
    leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:31:3 handle", () => save('k'));
    items.forEach((item) => {
        leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:33:5 handle", () => save(item));
    });
}
export function* steps() {
    leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:38:3 steps", () => save('gen'));
    yield 1;
}
leash_1.spawn("transformer/__testfixtures__/tasks/detached.ts:42:1", () => save('top-level'));
