// skips: shadowed-settimeout
import { setTimeout } from './fake-timers';

declare function work(): Promise<string>;

export function shadowed() {
  return Promise.race([work(), new Promise<never>((_, reject) => setTimeout(() => reject(new Error('t')), 100))]);
}
