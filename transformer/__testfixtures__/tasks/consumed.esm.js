export async function consumed(items) {
    await save('a');
    const pending = save('b');
    await Promise.allSettled([save('c'), pending]);
    items.map((item) => save(item));
    const done = await save('d');
    if (done === undefined)
        return save('e');
}
export const arrow = () => save('f');
export async function* yielded() {
    yield save('g');
}
export function held() {
    const holder = { p: save('h') };
    return holder.p;
}
