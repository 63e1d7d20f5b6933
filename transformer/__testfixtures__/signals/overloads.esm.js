import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export async function wrong(path) {
    await read(path);
    await read('ok', ...leash_1.signalArgs(leash_1.signal(), 0, true));
}
