// leash's own API is resolved by declaration and never wrapped: detach() escapes the scope on purpose.
import { detach, withTimeout } from 'leash';

declare function save(item: string): Promise<void>;

export function background(): void {
  detach(() => save('a'));
  withTimeout(1_000, () => save('b'));
}
