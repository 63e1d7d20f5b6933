// leash's own API is resolved by declaration and never wrapped: detach() escapes the scope on purpose.
import { detach, withTimeout } from 'leash';
export function background() {
    detach(() => save('a'));
    withTimeout(1_000, () => save('b'));
}
