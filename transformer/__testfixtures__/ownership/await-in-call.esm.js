function open(name) {
    return { name };
}
let handle;
export async function init() {
    handle = open(await source());
}
