/**
 * `leash build` on TypeScript 6.0/5.9 runs the text emitter on the project's emitted JavaScript,
 * which can be ES5: what it writes there must parse as ES5 and behave as plain output.
 */
import { parse } from 'acorn';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { compile, compileText, runCommonJs } from './compile';

const source = `export const seen: unknown[] = [];
export async function save(...values: unknown[]): Promise<void> {
  seen.push(values);
}
export function first(_a?: unknown): void {
  save('arguments', arguments[0]);
}
export class Store {
  name = 'store';
  readonly later: (() => number)[] = [];
  flush(): void {
    save('this', this.name);
    const run = () => save('arrow', this.name);
    run();
    for (let i = 0; i < 2; i++) {
      this.later.push(() => i);
      save('loop', this.name, i);
    }
  }
}
// Held at top level and starting a timer: a detached call (a held call of code that starts nothing is left as it is).
function tick(): void {
  setTimeout(() => undefined, 0);
}
export const held = [save('held', 'top-level'), tick()];
`;

describe('the text emitter on ES5 output', () => {
  it('writes ES5 (function thunks with the caller\'s `this` and `arguments`, `var`) that behaves as plain', async () => {
    const plain = compile(ts, { 'es5.ts': source }, { target: 'es5', module: 'commonjs' }).plain['es5.ts'] as string;
    const text = compileText(ts, { 'es5.ts': source }, { target: 'es5', module: 'commonjs' })['es5.ts'] as string;
    expect(text).toContain('leash_1.spawn(');
    expect(text).toContain('leash_1.detach(');
    expect(text).toMatch(/var leash_1 = require\("leash\/hooks"\)/);
    expect(() => parse(plain, { ecmaVersion: 5 })).not.toThrow();
    expect(() => parse(text, { ecmaVersion: 5 })).not.toThrow();
    const seen: unknown[] = [];
    for (const js of [plain, text]) {
      const { exports } = runCommonJs(js);
      (exports['first'] as (a: unknown) => void)('argument');
      new (exports['Store'] as new () => { flush(): void })().flush();
      await new Promise((resolve) => setTimeout(resolve, 10));
      seen.push(exports['seen']);
    }
    expect(seen[0]).toEqual([
      ['held', 'top-level'],
      ['arguments', 'argument'],
      ['this', 'store'],
      ['arrow', 'store'],
      ['loop', 'store', 0],
      ['loop', 'store', 1],
    ]);
    expect(seen[1]).toEqual(seen[0]);
  });
});
