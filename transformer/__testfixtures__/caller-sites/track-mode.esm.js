// fixture-config: {"mode":"track"}
// Naming the caller changes no behaviour, so track mode passes the site too.
import { withTimeout } from 'leash';
import * as leash_1 from "leash/hooks";
leash_1.useMode("track");
export const load = (url) => withTimeout(500, leash_1.at("transformer/__testfixtures__/caller-sites/track-mode.ts:5:57 load", (scope) => fetch(url, { signal: scope.signal })));
