import { describe, expect, it } from 'vitest';
import { prepareThreadSignal, threadSignalProject } from '../../codemods/transforms/thread-signal';
import { cases, FIXTURES, orphanOutputs } from './fixtures';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ts from 'typescript';

// The cases are independent modules, so one program over all of them gives each the result it
// would get alone, for a fraction of the time (one program instead of one per case).
describe('thread-signal', () => {
  const all = cases('thread-signal');
  const inputs = threadSignalProject(all.map((c) => ({ path: c.inputPath, source: c.input })));
  const outputs = threadSignalProject(all.filter((c) => c.output !== null).map((c) => ({ path: c.outputPath, source: c.output! })));

  it('has fixtures, an already-migrated case and no orphan outputs', () => {
    expect(all.length).toBeGreaterThan(3);
    expect(all.map((c) => c.name)).toContain('already-migrated');
    expect(orphanOutputs('thread-signal')).toEqual([]);
  }, 120_000);

  for (const c of all) {
    it(`${c.name}: ${c.output === null ? 'stays unchanged' : 'matches the expected output'}${c.skips.length ? ` and reports ${c.skips.join(', ')}` : ''}`, () => {
      expect(inputs.outputs.get(c.inputPath) ?? null).toBe(c.output);
      expect(inputs.outcomes.get(c.inputPath)!.skips.map((s) => s.id)).toEqual(c.skips);
    });
    if (c.output !== null) {
      it(`${c.name}: running again on the output changes nothing`, () => {
        expect(outputs.outputs.get(c.outputPath)).toBeUndefined();
      });
    }
  }

  it('plans the same on files parsed beforehand, whether their text then changed, was parsed again as it arrived, or stayed', () => {
    // As the CLI does: parse the project while the syntactic transforms run, then plan on their output.
    const before = all.map((c, i) => ({ path: c.inputPath, source: i % 3 === 0 ? '' : c.input }));
    const parsed = prepareThreadSignal(before);
    for (const [i, c] of all.entries()) if (i % 6 === 0) parsed.update(c.inputPath, c.input);
    const again = threadSignalProject(
      all.map((c) => ({ path: c.inputPath, source: c.input })),
      { parsed },
    );
    expect(Object.fromEntries(again.outputs)).toEqual(Object.fromEntries(inputs.outputs));
    expect(Object.fromEntries(again.outcomes)).toEqual(Object.fromEntries(inputs.outcomes));
  }, 120_000);

  const crossFile = (dir: string) => [
    { path: path.join(dir, 'api.ts'), source: `export default async function getJson(url: string) {\n  return (await fetch(url)).json();\n}\n` },
    {
      path: path.join(dir, 'service.ts'),
      source: `import get from './api';\n\nexport async function profile(id: string) {\n  return get('/p/' + id);\n}\n`,
    },
    {
      path: path.join(dir, 'handler.ts'),
      source: `import { profile } from './service';\n\nexport async function handle(req: { id: string; signal: AbortSignal }) {\n  return profile(req.id);\n}\n`,
    },
  ];

  it('keeps exported signatures by default: reports instead of adding a parameter', () => {
    const files = crossFile(path.join(FIXTURES, 'thread-signal', 'virtual'));
    const result = threadSignalProject(files);
    expect(result.outputs.size).toBe(0);
    expect(result.outcomes.get(files[0]!.path)!.skips.map((s) => s.id)).toEqual(['exported-signature']);
  }, 120_000);

  it('with changeExported, threads through callers in other files and a default export, and a second run changes nothing', () => {
    const files = crossFile(path.join(FIXTURES, 'thread-signal', 'virtual'));
    const result = threadSignalProject(files, { changeExported: true });
    expect(result.outputs.get(files[0]!.path)).toContain('getJson(url: string, /* leash-codemod */ signal?: AbortSignal)');
    expect(result.outputs.get(files[0]!.path)).toContain('fetch(url, /* leash-codemod */ { signal })');
    expect(result.outputs.get(files[1]!.path)).toContain(`profile(id: string, /* leash-codemod */ signal?: AbortSignal)`);
    expect(result.outputs.get(files[1]!.path)).toContain(`get('/p/' + id, /* leash-codemod */ signal)`);
    // The handler already has a signal (req.signal): it passes that and gains no parameter.
    expect(result.outputs.get(files[2]!.path)).toContain('profile(req.id, /* leash-codemod */ req.signal)');
    expect(result.outputs.get(files[2]!.path)).toContain('handle(req: { id: string; signal: AbortSignal })');
    const again = threadSignalProject(
      files.map((f) => ({ path: f.path, source: result.outputs.get(f.path) ?? f.source })),
      { changeExported: true },
    );
    expect(again.outputs.size).toBe(0);
  }, 120_000);

  it('under exactOptionalPropertyTypes, writes options that type-check', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'leash-exact-'));
    try {
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, exactOptionalPropertyTypes: true, target: 'es2022', module: 'nodenext', lib: ['es2022', 'dom'], types: [] } }));
      const file = path.join(dir, 'a.ts');
      const source = [
        'async function get(url: string, options: { retries?: number } = {}) {',
        '  return fetch(url, {});',
        '}',
        'async function custom(init: { signal?: AbortSignal }) { return init; }',
        'async function viaCustom() {',
        '  return custom({});',
        '}',
        'export async function handle(url: string, signal?: AbortSignal) {',
        '  await viaCustom();',
        '  return get(url, { retries: 1 });',
        '}',
        '',
      ].join('\n');
      const result = threadSignalProject([{ path: file, source }], { tsconfig: path.join(dir, 'tsconfig.json') });
      const out = result.outputs.get(file)!;
      expect(out).toContain('signal?: AbortSignal | undefined');
      expect(out).toContain('signal: options.signal ?? null'); // RequestInit.signal is `AbortSignal | null`
      expect(out).toContain('...(signal ? { signal: signal } : {})'); // `signal?: AbortSignal` takes no undefined
      fs.writeFileSync(file, out);
      const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
      const program = ts.createProgram([file], { ...config.options, noEmit: true });
      expect(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  // Behaviour, not text: the output passes the request's own signal to fetch (the input passed
  // none), returns the same thing while nothing aborts, and stops when the request is aborted.
  it('fetch-chain: the output runs like the input, and a request abort now reaches fetch', async () => {
    const c = all.find((x) => x.name === 'fetch-chain')!;
    const before = load(c.input);
    const after = load(c.output!);
    const seen: Array<AbortSignal | undefined> = [];
    const fakeFetch = (url: string, init?: RequestInit) =>
      new Promise<Response>((resolve, reject) => {
        const signal = init?.signal ?? undefined;
        seen.push(signal);
        if (signal?.aborted) return reject(signal.reason);
        const timer = setTimeout(() => resolve(new Response(JSON.stringify({ url }))), 20);
        signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)));
      });
    const request = (signal?: AbortSignal) => new Request('http://localhost/?target=/a', signal ? { signal } : {});
    expect(await before.handle(request(), fakeFetch)).toEqual(await after.handle(request(), fakeFetch));
    expect(after.handle.length).toBe(before.handle.length); // the exported signature is unchanged
    seen.length = 0;
    const controller = new AbortController();
    const req = request(controller.signal);
    const pending = after.handle(req, fakeFetch);
    controller.abort(new Error('client left'));
    await expect(pending).rejects.toThrow('client left');
    expect(seen).toEqual([req.signal, req.signal, req.signal]); // every retry got the request's signal
    const plain = before.handle(request(controller.signal), fakeFetch);
    await expect(plain).resolves.toEqual({ url: '/a' }); // the input ignored the abort
  }, 120_000);
});

/** Compiles a fixture to CommonJS and returns its exports; `fetch` is the global the module sees. */
function load(source: string): { handle: (req: Request, fetchImpl: unknown) => Promise<unknown> } {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  const exports: Record<string, unknown> = {};
  let currentFetch: unknown;
  new Function('exports', 'fetch', js)(exports, (...args: unknown[]) => (currentFetch as (...a: unknown[]) => unknown)(...args));
  const handle = exports['handle'] as (req: Request) => Promise<unknown>;
  const wrapped = (req: Request, fetchImpl: unknown) => {
    currentFetch = fetchImpl;
    return handle(req);
  };
  Object.defineProperty(wrapped, 'length', { value: handle.length });
  return { handle: wrapped };
}
