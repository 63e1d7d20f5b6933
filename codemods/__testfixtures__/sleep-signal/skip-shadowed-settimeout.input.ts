// skips: shadowed-settimeout
import { setTimeout } from './fake-timers';

export function pause(ms: number) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
