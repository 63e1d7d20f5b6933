// fixture-formats: esm
// Top-level await (ES modules only).
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
await new Promise((resolve) => leash_1.setTimeout("transformer/__testfixtures__/timers/top-level-await.ts:3:32", resolve, 0));
export const ready = true;
