import { deadlineExceeded, withTimeout } from 'leash';

declare function work(): Promise<string>;

export function limited() {
  return withTimeout(100, () => work()).catch((error) => {
    throw error === deadlineExceeded ? new Error('timeout') : error;
  });
}
