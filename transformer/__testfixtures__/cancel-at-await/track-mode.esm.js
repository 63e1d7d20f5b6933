import * as leash_1 from "leash/hooks";
leash_1.useMode("track");
export async function handle() {
    const value = leash_1.resumed(await load('x'));
    leash_1.setTimeout("transformer/__testfixtures__/cancel-at-await/track-mode.ts:7:3 handle", () => undefined, 1);
    leash_1.task("transformer/__testfixtures__/cancel-at-await/track-mode.ts:8:3 handle", fetch('http://127.0.0.1/'));
    return value;
}
