// addEventListener never gets a `{ signal }` option (the listeners rule binds it instead).
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
export function watch(signal, target, f) {
    leash_1.addEventListener("transformer/__testfixtures__/signals/listener-options.ts:3:10 watch", signal, 'abort', f);
    leash_1.addEventListener("transformer/__testfixtures__/signals/listener-options.ts:4:10 watch", target, 'x', f, { once: true });
    leash_1.removeEventListener("transformer/__testfixtures__/signals/listener-options.ts:5:10 watch", target, 'x', f);
}
