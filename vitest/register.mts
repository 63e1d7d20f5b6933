/**
 * leash/register: the per-test leak check for node:test. With code built by leash (`leash build`,
 * the ts-patch plugin, a bundler plugin, or `leash/node`):
 *
 *   node --import leash/register --test
 *
 * `node:test`'s tests then run each in its own leash scope, and the one that left timers,
 * listeners or tasks alive fails, with the line that started each. `LEASH_TEST_MODE=warn` prints
 * instead of failing; `LEASH_TEST_RETRIES` sets how many times to look again (default 20).
 * node:test itself is not replaced: see node-test.ts.
 */
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./node-test.js');
