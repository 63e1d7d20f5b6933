export async function untyped(url) {
    await fetch(url, init);
}
