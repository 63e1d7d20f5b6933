// node:test's test(), it(), describe() and t.test() return promises its runner waits for: never wrapped. What a test leaves detached is.
import { describe, it, test } from 'node:test';
import * as leash_1 from "leash/hooks";
leash_1.useMode("bind");
test('saves', (t) => {
    t.test('a subtest', () => { });
    leash_1.spawnShared("transformer/__testfixtures__/tasks/node-test.ts:8:3 handler in test('saves')", /* istanbul ignore next */ () => save('a'));
});
describe('a block', () => {
    it('saves', () => { });
});
