// node:test's test(), it(), describe() and t.test() return promises its runner waits for: never wrapped. What a test leaves detached is.
import { describe, it, test } from 'node:test';

declare function save(item: string): Promise<void>;

test('saves', (t) => {
  t.test('a subtest', () => {});
  save('a');
});

describe('a block', () => {
  it('saves', () => {});
});
