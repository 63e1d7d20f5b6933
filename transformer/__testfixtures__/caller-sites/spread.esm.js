// expect-notes: caller-sites/spreadArgument, signals/spreadArguments
// With a spread there is no argument to carry the site: the API reports leash:mapLimit, and the plan says so.
import { mapLimit } from 'leash';
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export async function all(args) {
    await mapLimit(...args);
    await mapLimit([1], 1, leash_1.at("transformer/__testfixtures__/caller-sites/spread.ts:9:9 all", save));
}
