/**
 * `leash build` on TypeScript 6.0/5.9 runs the text emitter on the project's emitted JavaScript,
 * whose target can be ES2015-ES2019: a signal read falling back to the ambient one must then be
 * written without `??` and `?.`, which that output must not contain, and behave the same. The
 * project is not strict, as many that target ES2017 are not: no type says an optional parameter may
 * be missing, so leash must not read `options.signal` from an `options` the caller left out.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'acorn';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { compile, compileText, runCommonJs } from './compile';
import { REPO } from './equality';

// The runtime instance the compiled code loads (`leash/hooks` is the built one).
const { Scope } = createRequire(join(REPO, 'package.json'))(join(REPO, 'dist/runtime/index.js')) as typeof import('../../runtime/index');

const source = `export async function load(url: string, signal?: AbortSignal): Promise<string> {
  return url + ':' + (signal === undefined ? 'none' : signal.aborted ? 'aborted' : 'live');
}
export async function fromOptions(url: string, options?: { signal?: AbortSignal; retries?: number }): Promise<string> {
  return load(url);
}
export async function fromBinding(url: string, signal?: AbortSignal): Promise<string> {
  return load(url);
}
`;

describe('the text emitter below ES2020', () => {
  for (const target of ['es2017', 'es2018'] as const) {
    it(`${target}: inside a scope passes the caller's signal, else the scope's, without ?? or ?. (the output parses as ${target})`, async () => {
      const variant = { target, module: 'commonjs' } as const;
      const compiled = compile(ts, { 'signals.ts': source }, variant);
      const plain = compiled.plain['signals.ts'] as string;
      const text = compileText(ts, { 'signals.ts': source }, variant)['signals.ts'] as string;
      const ecmaVersion = target === 'es2017' ? 2017 : 2018;
      expect(() => parse(plain, { ecmaVersion })).not.toThrow();
      expect(() => parse(text, { ecmaVersion })).not.toThrow();
      expect(text).toContain('signalArgs(');

      // The text emitter (leash build) and the factory emitter (the ts-patch plugin) alike.
      for (const js of [text, compiled.leash['signals.ts'] as string]) {
        type Load = (url: string, arg?: unknown) => Promise<string>;
        const { exports } = runCommonJs(js);
        const fromOptions = exports['fromOptions'] as Load;
        const fromBinding = exports['fromBinding'] as Load;
        const own = new AbortController();
        own.abort();
        const scope = new Scope({ name: 'request' });
        const results = [
          await fromOptions('a', { signal: own.signal }),
          await fromOptions('b', {}),
          await fromOptions('c'),
          await fromBinding('d', own.signal),
          await fromBinding('e'),
          await scope.run(() => fromOptions('f')),
          await scope.run(() => fromBinding('g')),
          await scope.run(() => fromOptions('h', { signal: own.signal })),
          await scope.run(() => fromBinding('i', own.signal)),
        ];
        scope.abort();
        // At the root nothing is passed, not even the caller's own signal (bind mode changes nothing
        // outside a scope); inside a scope the caller's own signal, else the scope's.
        expect(results).toEqual(['a:none', 'b:none', 'c:none', 'd:none', 'e:none', 'f:live', 'g:live', 'h:aborted', 'i:aborted']);
      }
    });
  }
});
