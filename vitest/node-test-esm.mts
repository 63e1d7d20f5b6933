/**
 * What `import … from 'node:test'` loads under leash/register: node:test's API with `test`, `it`,
 * `describe` and `suite` checking each test for leaks (see node-test.ts).
 */
import wrapper from './node-test.js';

const api = wrapper.api;
export default api;
export const { test, it, describe, suite, before, after, beforeEach, afterEach, mock, run, skip, todo, only } = api;
