import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export async function wrong(path) {
    // @ts-expect-error: no overload takes a boolean
    await read(path);
    await read('ok', { signal: leash_1.signal() });
}
