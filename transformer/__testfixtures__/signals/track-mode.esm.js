import * as leash_1 from "leash/hooks";
leash_1.useMode("track");
export async function sync(url) {
    await fetch(url);
    await load('a');
    leash_1.task("transformer/__testfixtures__/signals/track-mode.ts:8:3 sync", fetch(url));
    leash_1.setTimeout("transformer/__testfixtures__/signals/track-mode.ts:9:3 sync", () => undefined, 1);
}
