"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
// node:test's test(), it(), describe() and t.test() return promises its runner waits for: never wrapped. What a test leaves detached is.
const node_test_1 = require("node:test");
const leash_1 = require("leash/hooks");
leash_1.useMode("bind");
(0, node_test_1.test)('saves', (t) => {
    t.test('a subtest', () => { });
    leash_1.spawnShared("transformer/__testfixtures__/tasks/node-test.ts:8:3 handler in test('saves')", /* istanbul ignore next */ () => save('a'));
});
(0, node_test_1.describe)('a block', () => {
    (0, node_test_1.it)('saves', () => { });
});
