import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export const config = leash_1.resumed(await load('config'));
