export async function chain() {
    save(await load());
}
export async function* gen() {
    save(yield 'next');
}
