/* leash-codemod */ import { deadlineExceeded, withTimeout } from 'leash';

declare function compute(): Promise<number>;

export const result = () =>
  /* leash-codemod */ withTimeout(250, () => compute()).catch((error) => { throw error === deadlineExceeded ? 'timeout' : error; });
