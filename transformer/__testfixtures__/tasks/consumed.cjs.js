"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.arrow = void 0;
exports.consumed = consumed;
exports.yielded = yielded;
exports.held = held;
async function consumed(items) {
    await save('a');
    const pending = save('b');
    await Promise.allSettled([save('c'), pending]);
    items.map((item) => save(item));
    const done = await save('d');
    if (done === undefined)
        return save('e');
}
const arrow = () => save('f');
exports.arrow = arrow;
async function* yielded() {
    yield save('g');
}
function held() {
    const holder = { p: save('h') };
    return holder.p;
}
