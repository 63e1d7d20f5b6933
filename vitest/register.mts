/**
 * leash/register: the per-test leak check for node:test. With code built by leash (`leash build`,
 * the ts-patch plugin or a bundler plugin):
 *
 *   node --import leash/register --test
 *
 * `node:test`'s `test`/`it` then run each test in its own leash scope and fail the one that left
 * timers, listeners or tasks alive, with the line that started each. `LEASH_TEST_MODE=warn` prints
 * instead of failing; `LEASH_TEST_RETRIES` sets how many times to look again (default 20).
 */
import Module, { register } from 'node:module';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

register('./node-test-hooks.mjs', import.meta.url);

const wrapperPath = fileURLToPath(new URL('./node-test.js', import.meta.url));
const require = createRequire(import.meta.url);
const loader = Module as unknown as { _load(request: string, parent: { filename?: string } | undefined, isMain: boolean): unknown };
const load = loader._load;
loader._load = function (request, parent, isMain) {
  if (request === 'node:test' && parent?.filename !== wrapperPath) return (require(wrapperPath) as { api: unknown }).api;
  return load.call(this, request, parent, isMain);
};
