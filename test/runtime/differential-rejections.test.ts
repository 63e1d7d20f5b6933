/**
 * `unhandledRejection` for tasks, native vs leash, on Node 20 and Node 24: the same scripts run
 * plain and with the task wrapped in `spawn` (or passed to `task`, as track builds write it), each in a fresh process (unhandled rejections are
 * process-wide), and print what they observed — the reason, which promise the event carried
 * (by identity, against the promises the calls returned), counts, `rejectionHandled`, and with
 * no listener the crash: stderr and exit code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { node24 } from '../compat/paths.mjs';

const root = resolve(__dirname, '../..');

/**
 * The hook a task goes through: `spawn(site, () => call)` (bind builds) or `task(site, call)`
 * (track builds), and their `...Shared` forms for a promise the callee may hold too.
 */
type Form = 'spawn' | 'task' | 'spawnShared' | 'taskShared';
const WRAPPERS: Record<Form, string> = {
  spawn: `(f) => hooks.spawn('a.ts:1:1 f', f)`,
  task: `(f) => hooks.task('a.ts:1:1 f',f())`,
  spawnShared: `(f) => hooks.spawnShared('a.ts:1:1 f', f)`,
  taskShared: `(f) => hooks.taskShared('a.ts:1:1 f',f())`,
};

/** `spawn` is a plain call or the hook; every form's line has the same length, so stacks match. */
function script(body: string, form: Form | undefined): string {
  return [
    `const hooks = require('./dist/runtime/hooks.js');`,
    `const spawn = ${form !== undefined ? 'true ' : 'false'} ? ${WRAPPERS[form ?? 'spawn']} : (f) => f();`,
    `const log = [], kept = [];`,
    // The reason is made after an await, so its stack holds no caller frames (leash's included).
    `const fail = async (make) => { await null; throw make(); };`,
    `function call(reason) { const p = fail(() => reason === 'b, not an Error' || reason.startsWith('string') ? reason : new Error(reason)); kept.push(p); return p; }`,
    `const which = (promise) => 'kept#' + kept.indexOf(promise);`,
    body,
  ].join('\n');
}

function run(node: string, body: string, form: Form | undefined, flags: string[]) {
  const result = spawnSync(node, [...flags, '-e', script(body, form)], { cwd: root, encoding: 'utf8' });
  // Warnings carry the process id.
  return { status: result.status, stdout: result.stdout, stderr: result.stderr.replace(/\(node:\d+\)/g, '(node:PID)') };
}

const nodes: Array<[string, string]> = [
  [`Node ${process.versions.node}`, process.execPath],
  ['Node 24', node24],
];

for (const [[label, node], form] of nodes.flatMap((entry) => (['spawn', 'task'] as const).map((form) => [entry, form] as const))) {
  describe(`unhandled rejections of tasks, native vs leash's ${form}, ${label}`, () => {
    if (!existsSync(node)) {
      it('has its Node binary', () => {
        expect.fail(`not run: no binary at ${node}; run \`node test/compat/install.mjs node24\``);
      });
      return;
    }
    const differential = (body: string, flags: string[] = []) => ({ native: run(node, body, undefined, flags), leash: run(node, body, form, flags) });

    it('the event carries the promise the call returned, once per rejection nobody handles, in order', () => {
      const { native, leash } = differential(`
        process.on('unhandledRejection', (reason, promise) => log.push('unhandled ' + String(reason && reason.message || reason) + ' ' + which(promise) + ' returned=' + (promise === returned)));
        process.on('rejectionHandled', (promise) => log.push('rejectionHandled ' + which(promise)));
        spawn(() => call('a'));
        spawn(() => call('b, not an Error'));
        spawn(async () => 1);
        spawn(() => call('c').catch((e) => log.push('caught ' + e.message)));
        spawn(() => call('d').then(() => {}));
        const returned = spawn(() => call('e'));
        setTimeout(() => spawn(() => call('f')), 5);
        setTimeout(() => console.log(JSON.stringify(log)), 40);
      `);
      expect(leash).toEqual(native);
      expect(JSON.parse(native.stdout)).toEqual([
        'caught c',
        'unhandled a kept#0 returned=false',
        'unhandled b, not an Error kept#1 returned=false',
        'unhandled e kept#4 returned=true',
        'unhandled d kept#-1 returned=false',
        'unhandled f kept#5 returned=false',
      ]);
    });

    it('with no listener the process crashes with the same output and exit code (an Error, and not an Error)', () => {
      for (const reason of [`'boom'`, `'string boom'`]) {
        const { native, leash } = differential(`spawn(() => call(${reason}));`);
        expect(leash).toEqual(native);
        expect(native.status).toBe(1);
        expect(native.stderr).toContain('boom');
      }
    });

    it('--unhandled-rejections=warn and =strict behave the same', () => {
      const body = `
        process.on('uncaughtException', (error, origin) => log.push('uncaught ' + error.message + ' ' + origin));
        process.on('unhandledRejection', (reason, promise) => log.push('unhandled ' + reason.message + ' ' + which(promise)));
        spawn(() => call('a'));
        setTimeout(() => console.log(JSON.stringify(log)), 20);
      `;
      for (const mode of ['warn', 'strict', 'none', 'warn-with-error-code']) {
        const { native, leash } = differential(body, [`--unhandled-rejections=${mode}`]);
        expect(leash, mode).toEqual(native);
      }
      const warnOnly = differential(`spawn(() => call('w'));`, ['--unhandled-rejections=warn']);
      expect(warnOnly.leash).toEqual(warnOnly.native);
      expect(warnOnly.native.stderr).toContain('UnhandledPromiseRejectionWarning');
    });

    it('process.emit is leash-free again once the event was delivered', () => {
      const { native, leash } = differential(`
        process.on('unhandledRejection', () => log.push('event'));
        spawn(() => call('a'));
        setTimeout(() => console.log(JSON.stringify([...log, Object.hasOwn(process, 'emit'), process.emit === require('node:events').prototype.emit])), 20);
      `);
      expect(leash).toEqual(native);
    });

    // TanStack Query's hydration tests make a kept promise a synchronous thenable whose own `then`
    // returns the promise itself: `p.catch(noop)`, a new promise by its declaration, returns `p`.
    it('a promise whose own `then` returns a promise its maker handles raises nothing, as plain', () => {
      const { native, leash } = differential(`
        process.on('unhandledRejection', (reason, promise) => log.push('unhandled ' + reason.message + ' ' + which(promise)));
        const p = call('swapped');
        Promise.prototype.then.call(p, undefined, () => log.push('maker caught'));
        p.then = () => p;
        spawn(() => p.catch(() => log.push('never called')));
        setTimeout(() => console.log(JSON.stringify(log)), 20);
      `);
      expect(JSON.parse(native.stdout)).toEqual(['maker caught']);
      expect(leash).toEqual(native);
    });

    // The difference README's "unhandled rejections" paragraph documents: leash's reaction makes
    // the promise handled in V8's eyes, so a handler someone else attaches is invisible to it.
    it('known difference: a promise the callee keeps and handles itself still raises the event', () => {
      const body = `
        process.on('unhandledRejection', (reason, promise) => log.push('unhandled ' + reason.message + ' ' + which(promise)));
        process.on('rejectionHandled', (promise) => log.push('rejectionHandled ' + which(promise)));
        spawn(() => call('kept'));
        kept[0].catch(() => log.push('callee caught'));
        setTimeout(() => console.log(JSON.stringify(log)), 20);
      `;
      const { native, leash } = differential(body);
      expect(JSON.parse(native.stdout)).toEqual(['callee caught']);
      expect(JSON.parse(leash.stdout)).toEqual(['callee caught', 'unhandled kept kept#0']);
    });
  });
}

// The transformer writes the `...Shared` forms for a call whose callee may hold the promise too
// (transformer/plan/util/own-promise.ts): TanStack Query's retryer returns from `continue()` the
// promise it keeps and already handles with its own `promise.catch(noop)`.
for (const [[label, node], form] of nodes.flatMap((entry) => (['spawnShared', 'taskShared'] as const).map((form) => [entry, form] as const))) {
  describe(`rejections of tasks whose promise the callee may hold, native vs leash's ${form}, ${label}`, () => {
    if (!existsSync(node)) {
      it('has its Node binary', () => {
        expect.fail(`not run: no binary at ${node}; run \`node test/compat/install.mjs node24\``);
      });
      return;
    }
    const differential = (body: string) => ({ native: run(node, body, undefined, []), leash: run(node, body, form, []) });

    it('a promise the callee keeps and handles itself raises nothing, as plain; the task is registered until it settles', () => {
      const { native, leash } = differential(`
        process.on('unhandledRejection', (reason, promise) => log.push('unhandled ' + reason.message + ' ' + which(promise)));
        class Retryer {
          constructor() { this.promise = new Promise((_, reject) => (this.reject = reject)); this.promise.catch(() => log.push('retryer caught')); }
          continue() { return this.promise; }
        }
        const retryer = new Retryer();
        spawn(() => retryer.continue());
        spawn(() => retryer.continue());
        log.push('live ' + require('./dist/runtime/index.js').registry.snapshot().live);
        setTimeout(() => retryer.reject(new Error('cancelled')), 1);
        setTimeout(() => console.log(JSON.stringify(log)), 20);
      `);
      expect(JSON.parse(native.stdout)).toEqual(['live 0', 'retryer caught']);
      expect(JSON.parse(leash.stdout)).toEqual(['live 2', 'retryer caught']);
      expect(leash.stderr).toBe(native.stderr);
      expect(leash.status).toBe(native.status);
    });

    // README's "unhandled rejections" paragraph documents it: leash cannot tell whether the holder
    // handles the promise, so it leaves the rejection to it, and the site's report counts it.
    it('known difference: a rejection nobody else handles is not raised, and the site counts it as not re-raised', () => {
      const { native, leash } = differential(`
        process.on('unhandledRejection', (reason, promise) => log.push('unhandled ' + reason.message + ' ' + which(promise)));
        spawn(() => call('dropped'));
        setTimeout(() => {
          const { registry } = require('./dist/runtime/index.js');
          const site = registry.snapshot().sites.find((each) => each.site === 'a.ts:1:1');
          console.log(JSON.stringify([...log, site === undefined ? 'no site' : 'unraised ' + site.unraised, registry.format().split('\\n').find((line) => line.includes('a.ts:1:1')) ?? '', registry.metrics().split('\\n').find((line) => line.startsWith('leash_unraised_total{')) ?? '']));
        }, 20);
      `);
      expect(JSON.parse(native.stdout)).toEqual(['unhandled dropped kept#0', 'no site', '', '']);
      expect(JSON.parse(leash.stdout)).toEqual(['unraised 1', expect.stringContaining('rejected, not re-raised 1'), 'leash_unraised_total{kind="task",site="a.ts:1:1 f"} 1']);
    });
  });
}
