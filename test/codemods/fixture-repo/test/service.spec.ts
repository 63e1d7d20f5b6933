// The fixture repo's own tests (node:test, no vitest). They check behaviour, and write what the
// codemod should change — peak concurrency, timers left behind, listeners left behind — to the
// JSON file named by METRICS_FILE, for the leash test that runs them before and after the codemod.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { countMessages, counter, loadUsers, loadWatching, renderReports, resetCounter, waitUntil, withDeadline, type User } from '../src/index';

const metrics: Record<string, number> = {};
const ids = Array.from({ length: 40 }, (_, i) => i);
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

test('loadUsers returns every user in order', async () => {
  resetCounter();
  const users = await loadUsers(ids);
  assert.deepEqual(
    users.map((u) => u.id),
    ids,
  );
  metrics['loadUsersPeak'] = counter.peak;
});

test('renderReports keeps the reports that worked, in order', async () => {
  resetCounter();
  const reports = await renderReports(ids);
  assert.equal(reports.length, 36);
  assert.equal(reports[0], 'report for user-0');
  metrics['renderReportsPeak'] = counter.peak;
});

test('withDeadline returns the result, or rejects when the work is too slow', async () => {
  const before = timers();
  assert.equal(await withDeadline(Promise.resolve(42), 500), 42);
  metrics['timersLeftByDeadline'] = timers() - before;
  // Slow work holds a timer of its own, like real I/O holds a socket.
  const slow = new Promise((resolve) => setTimeout(resolve, 300));
  await assert.rejects(withDeadline(slow, 20), /timed out after 20 ms/);
});

test('waitUntil polls until the check passes, and stops when aborted', async () => {
  let n = 0;
  assert.equal(await waitUntil(() => ++n > 3, 5), true);
  const controller = new AbortController();
  const started = Date.now();
  const waiting = waitUntil(() => false, 200, controller.signal);
  setTimeout(() => controller.abort(new Error('stop')), 20);
  // Its contract: an abort makes it return false (after the current wait), never throw.
  assert.equal(await waiting, false);
  metrics['abortedWaitMs'] = Date.now() - started;
});

test('countMessages counts until the signal aborts', () => {
  const target = new EventTarget();
  const controller = new AbortController();
  const state = countMessages(target, controller.signal);
  target.dispatchEvent(new Event('message'));
  controller.abort();
  target.dispatchEvent(new Event('message'));
  assert.ok(state.count >= 1);
  metrics['messagesAfterAbort'] = state.count - 1;
});

test('loadWatching loads the user; its listener goes once the signal (after the codemod) aborts', async () => {
  const target = new EventTarget();
  const seen = { count: 0 };
  const controller = new AbortController();
  // The codemod adds a trailing `signal?: AbortSignal`; before it, the extra argument is ignored.
  const load = loadWatching as (target: EventTarget, id: number, seen: { count: number }, signal?: AbortSignal) => Promise<User>;
  assert.equal((await load(target, 3, seen, controller.signal)).id, 3);
  controller.abort();
  target.dispatchEvent(new Event('message'));
  metrics['watchingMessagesAfterAbort'] = seen.count;
});

test('write metrics', () => {
  if (process.env['METRICS_FILE']) writeFileSync(process.env['METRICS_FILE'], JSON.stringify(metrics));
});
