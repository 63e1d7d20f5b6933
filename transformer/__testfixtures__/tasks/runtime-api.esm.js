// leash's own API is resolved by declaration and never wrapped: detach() escapes the scope on purpose.
import { detach, withTimeout } from 'leash';
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export function background() {
    detach(() => save('a'));
    withTimeout(1_000, leash_1.at("transformer/__testfixtures__/tasks/runtime-api.ts:8:3 background", () => save('b')));
}
