/**
 * thread-signal's behaviour changes, executed: each module is planned by thread-signal, then the
 * input and the output both run against the same fakes (fetch, spawn, readFile, a wait), and the
 * test compares what they do — which calls got which signal, what they returned, whether an abort
 * now reaches the work — rather than the text.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as runtime from '../../runtime/index';
import { threadSignalProject } from '../../codemods/transforms/thread-signal';
import { FIXTURES } from './fixtures';

const nodeRequire = createRequire(__filename);
/** Virtual files next to the fixtures, so `node:` modules and the DOM lib resolve with the repository's types. */
const DIR = path.join(FIXTURES, 'thread-signal', 'virtual');

interface Call {
  what: string;
  args: unknown[];
  signal: AbortSignal | null | undefined;
}

/** Fakes that record each call and the signal it got; a call whose signal aborts rejects with its reason. */
function fakes() {
  const calls: Call[] = [];
  const signalOf = (options: unknown) => (typeof options === 'object' && options !== null ? (options as { signal?: AbortSignal | null }).signal : undefined);
  const pending = <T>(value: T, signal: AbortSignal | null | undefined) =>
    new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => resolve(value), 5);
      signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)), { once: true });
    });
  const fetch = (url: string, init?: RequestInit) => {
    calls.push({ what: 'fetch', args: [url], signal: signalOf(init) });
    return pending(`body of ${url}`, signalOf(init));
  };
  const childProcess = {
    spawn: (cmd: string, args: string[], options: object) => {
      calls.push({ what: 'spawn', args: [cmd, { ...options, signal: undefined }], signal: signalOf(options) });
      return { cmd };
    },
    spawnSync: (cmd: string, args: string[], options: object) => {
      calls.push({ what: 'spawnSync', args: [cmd], signal: signalOf(options) });
      return { status: 0 };
    },
  };
  const fsPromises = {
    readFile: (file: string, options?: string | { encoding?: string; signal?: AbortSignal }) => {
      const encoding = typeof options === 'string' ? options : options?.encoding;
      calls.push({ what: 'readFile', args: [file, encoding], signal: signalOf(options) });
      return pending(encoding ? `text of ${file}` : Buffer.from(file), signalOf(options));
    },
  };
  return { calls, fetch, modules: { 'node:child_process': childProcess, 'node:fs/promises': fsPromises } as Record<string, unknown> };
}

/** Compiles `source` to CommonJS and runs it with the fakes for `fetch` and the node modules. */
function load(source: string, f: ReturnType<typeof fakes>): Record<string, any> {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const module = { exports: {} as Record<string, any> };
  const require = (id: string) => (id === 'leash' ? runtime : (f.modules[id] ?? nodeRequire(id)));
  new Function('require', 'module', 'exports', 'fetch', js)(require, module, module.exports, f.fetch);
  return module.exports;
}

/** thread-signal's output for one module (the input when it changes nothing), with what it reported. */
function migrate(name: string, source: string, options: { changeExported?: boolean } = {}) {
  const file = path.join(DIR, `${name}.ts`);
  const result = threadSignalProject([{ path: file, source }], options);
  const output = result.outputs.get(file) ?? source;
  return { output, changed: output !== source, skips: result.outcomes.get(file)!.skips.map((s) => s.id) };
}

/** Runs `use` on the input and on the output, each with fresh fakes; returns both call logs and results. */
async function both<T>(source: string, output: string, use: (m: Record<string, any>) => Promise<T>) {
  const runs = [];
  for (const text of [source, output]) {
    const f = fakes();
    const result = await use(load(text, f)).then(
      (value) => ({ value }),
      (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
    );
    runs.push({ result, calls: f.calls });
  }
  return { before: runs[0]!, after: runs[1]! };
}

const request = (url: string, signal?: AbortSignal) => new Request(url, signal ? { signal } : {});

describe('thread-signal, executed before and after', () => {
  it('exported functions keep their arity, and their callers see the same arguments (toHaveBeenCalledWith stays true)', async () => {
    const source = `export async function getJson(url: string) {
  return fetch(url);
}
async function inner(url: string) {
  return fetch(url);
}
export async function handle(req: Request) {
  return [await getJson(req.url), await inner(req.url + '/inner')];
}
`;
    const { output, skips } = migrate('arity', source);
    expect(skips).toEqual(['exported-signature']);
    const f = fakes();
    const [before, after] = [load(source, f), load(output, f)];
    expect(after['getJson'].length).toBe(before['getJson'].length);
    expect(after['handle'].length).toBe(before['handle'].length);
    const req = request('http://localhost/a', new AbortController().signal);
    const runs = await both(source, output, (m) => m['handle'](req));
    expect(runs.after.result).toEqual(runs.before.result);
    // The exported getJson got no signal (its signature stays); the internal one got the request's.
    expect(runs.after.calls.map((c) => [c.args[0], c.signal === req.signal])).toEqual([
      ['http://localhost/a', false],
      ['http://localhost/a/inner', true],
    ]);
  });

  it('never takes a local controller made for one call (already aborted) as the function signal', async () => {
    const source = `async function load(url: string) {
  const controller = new AbortController();
  controller.abort(new Error('probe cancelled'));
  const probe = await fetch(url + '/probe', { signal: controller.signal }).catch((e: Error) => e.message);
  return [probe, await fetch(url)];
}
export async function handle(req: Request) {
  return load(req.url);
}
`;
    const { output, changed } = migrate('local-controller', source);
    expect(changed).toBe(true);
    const req = request('http://localhost/x', new AbortController().signal);
    const runs = await both(source, output, (m) => m['handle'](req));
    expect(runs.before.result).toEqual({ value: ['probe cancelled', 'body of http://localhost/x'] });
    expect(runs.after.result).toEqual(runs.before.result); // with the aborted controller's signal, the second fetch would reject
    expect(runs.after.calls[1]!.signal).toBe(req.signal);
  });

  it('a `let signal` assigned later (here: an aborted one) is never the signal passed to the calls around it', async () => {
    const source = `async function later(url: string) {
  let signal: AbortSignal;
  const first = await fetch(url);
  signal = AbortSignal.abort(new Error('made for something else'));
  const second = await fetch(url + '/again');
  return [first, second, signal.aborted];
}
export async function handle(req: Request) {
  return later(req.url);
}
`;
    const { output } = migrate('let-signal', source);
    const req = request('http://localhost/l', new AbortController().signal);
    const runs = await both(source, output, (m) => m['handle'](req));
    expect(runs.before.result).toEqual({ value: ['body of http://localhost/l', 'body of http://localhost/l/again', true] });
    expect(runs.after.result).toEqual(runs.before.result); // the local signal passed to either fetch would fail it (TS2454, or an abort)
    expect(runs.after.calls.every((c) => c.signal === undefined || c.signal === req.signal)).toBe(true);
  });

  it('a deliberately unsignalled call next to a signalled one stays unsignalled (a beacon that must be sent)', async () => {
    const source = `async function work(url: string, signal: AbortSignal) {
  await fetch(url, { signal }).catch(() => 'cancelled');
  return fetch(url + '/beacon', { method: 'POST' });
}
export async function handle(req: Request) {
  return work(req.url, req.signal);
}
`;
    const { output, skips } = migrate('beacon', source);
    expect(skips).toEqual(['signal-used-selectively']);
    const controller = new AbortController();
    controller.abort();
    const runs = await both(source, output, (m) => m['handle'](request('http://localhost/b', controller.signal)));
    expect(runs.before.result).toEqual({ value: 'body of http://localhost/b/beacon' });
    expect(runs.after.result).toEqual(runs.before.result);
  });

  it('a detached child process gets no signal (it outlives its caller); spawnSync none either; a plain spawn gets one', async () => {
    const source = `import { spawn, spawnSync } from 'node:child_process';
async function start(signal: AbortSignal) {
  spawnSync('true', [], {});
  spawn('ls', [], {});
  return spawn('daemon', [], { detached: true });
}
export async function handle(req: Request) {
  return start(req.signal);
}
`;
    const { output, skips } = migrate('detached', source);
    expect(skips).toEqual(['detached']);
    const req = request('http://localhost/d', new AbortController().signal);
    const runs = await both(source, output, (m) => m['handle'](req));
    expect(runs.after.result).toEqual(runs.before.result);
    expect(runs.after.calls.map((c) => [c.what, c.args[0], c.signal === req.signal])).toEqual([
      ['spawnSync', 'true', false],
      ['spawn', 'ls', true],
      ['spawn', 'daemon', false],
    ]);
  });

  it('`signal?: AbortSignal | null` and nested `ctx.request.signal` are sources: an abort now reaches fetch', async () => {
    const source = `export async function poll(url: string, opts: { signal?: AbortSignal | null } = {}) {
  return fetch(url);
}
export async function route(ctx: { request: { signal: AbortSignal } }, url: string) {
  return fetch(url);
}
`;
    const { output, changed } = migrate('nullable-nested', source);
    expect(changed).toBe(true);
    // Nothing aborted: the same results, with and without a signal (null too).
    for (const call of [(m: any) => m.poll('u1'), (m: any) => m.poll('u2', { signal: null }), (m: any) => m.route({ request: { signal: new AbortController().signal } }, 'u3')]) {
      const runs = await both(source, output, call);
      expect(runs.after.result).toEqual(runs.before.result);
    }
    const aborted = AbortSignal.abort(new Error('gone'));
    const viaOptions = await both(source, output, (m) => m['poll']('u4', { signal: aborted }));
    expect(viaOptions.before.result).toEqual({ value: 'body of u4' }); // the input ignored the caller's signal
    expect(viaOptions.after.result).toEqual({ error: 'gone' });
    const viaContext = await both(source, output, (m) => m['route']({ request: { signal: aborted } }, 'u5'));
    expect(viaContext.before.result).toEqual({ value: 'body of u5' });
    expect(viaContext.after.result).toEqual({ error: 'gone' });
  });

  it("readFile(p, 'utf8') keeps returning text, and now gets the signal", async () => {
    const source = `import { readFile } from 'node:fs/promises';
export async function readConfig(file: string, signal: AbortSignal) {
  const text = await readFile(file, 'utf8');
  const raw = await readFile(file);
  return [text, raw.length];
}
`;
    const { output, skips } = migrate('read-file', source);
    expect(skips).toEqual([]);
    const signal = new AbortController().signal;
    const runs = await both(source, output, (m) => m['readConfig']('a.json', signal));
    expect(runs.after.result).toEqual({ value: ['text of a.json', 6] });
    expect(runs.after.result).toEqual(runs.before.result);
    expect(runs.after.calls.map((c) => [c.args[1], c.signal === signal])).toEqual([
      ['utf8', true],
      [undefined, true],
    ]);
  });

  it('class-field functions and inherited methods get the signal of the method that calls them', async () => {
    const source = `class Base {
  protected async get(path: string) {
    return fetch('http://api' + path);
  }
}
class Api extends Base {
  private post = async (path: string) => fetch('http://api' + path, { method: 'POST' });
  async user(id: string, signal: AbortSignal) {
    return [await this.get('/u/' + id), await super.get('/s/' + id), await this.post('/p/' + id)];
  }
}
export async function handle(req: Request) {
  return new Api().user('7', req.signal);
}
`;
    const { output, skips } = migrate('class-members', source);
    expect(skips).toEqual([]);
    const controller = new AbortController();
    const req = request('http://localhost/', controller.signal);
    const runs = await both(source, output, (m) => m['handle'](req));
    expect(runs.after.result).toEqual(runs.before.result);
    expect(runs.before.calls.map((c) => c.signal)).toEqual([undefined, undefined, undefined]);
    expect(runs.after.calls.map((c) => c.signal === req.signal)).toEqual([true, true, true]);
    controller.abort(new Error('client left'));
    expect((await both(source, output, (m) => m['handle'](req))).after.result).toEqual({ error: 'client left' });
  });

  it('a wait followed by its own `.aborted` check is left to finish: "stopped" stays a return, not a throw', async () => {
    const source = `async function drain(queue: string[], signal: AbortSignal, wait: (ms: number, o?: { signal?: AbortSignal }) => Promise<void>) {
  while (queue.length) {
    await wait(20);
    if (signal.aborted) return 'stopped';
    queue.shift();
  }
  return 'drained';
}
export async function handle(req: Request, queue: string[], wait: (ms: number, o?: { signal?: AbortSignal }) => Promise<void>) {
  return drain(queue, req.signal, wait);
}
`;
    const { output, skips } = migrate('checks-aborted', source);
    expect(skips).toEqual(['checks-aborted']);
    const wait = (ms: number, o?: { signal?: AbortSignal }) => runtime.sleep(ms, o?.signal ? { signal: o.signal } : {});
    const runs = await both(source, output, (m) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 5);
      return m['handle'](request('http://localhost/q', controller.signal), ['a', 'b', 'c'], wait);
    });
    expect(runs.before.result).toEqual({ value: 'stopped' });
    expect(runs.after.result).toEqual(runs.before.result);
  });

  it('through `export default function` (with --thread-exported): the output runs like the input, and a second run changes nothing', async () => {
    const source = `export default async function handler(req: Request) {
  return load(req.url);
}
async function load(url: string) {
  return fetch(url);
}
`;
    const first = migrate('default-export', source, { changeExported: true });
    expect(first.changed).toBe(true);
    const second = migrate('default-export', first.output, { changeExported: true });
    expect(second.changed).toBe(false);
    const req = request('http://localhost/def', new AbortController().signal);
    const runs = await both(source, first.output, (m) => m['default'](req));
    expect(runs.after.result).toEqual(runs.before.result);
    expect(runs.after.calls[0]!.signal).toBe(req.signal);
  });
});
