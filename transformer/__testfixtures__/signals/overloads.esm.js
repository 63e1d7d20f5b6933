import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export async function wrong(path) {
    await read(path);
    await (leash_1.signal() === void 0 ? read('ok') : read('ok', { signal: leash_1.signal() }));
}
