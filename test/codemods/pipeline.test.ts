/** The shared machinery: composed edits, the pipeline's error contract, parsing modern syntax. */
import { describe, expect, it } from 'vitest';
import { Edits } from '../../codemods/lib/edits';
import { parseSource } from '../../codemods/lib/parser';
import { runPipeline, TransformError, type SyntacticTransform } from '../../codemods/lib/transform';
import { syntacticTransforms } from '../../codemods/registry';

describe('Edits', () => {
  const source = 'call(a(x), b(y));';
  const range = (text: string) => ({ start: source.indexOf(text), end: source.indexOf(text) + text.length });

  it('applies edits inside a kept slice, and drops edits inside replaced code', () => {
    const edits = new Edits(source);
    const whole = range('call(a(x), b(y))');
    // Replace the call, keeping a(x) as a slice and dropping b(y).
    edits.replace(whole.start, whole.end, ['limit(', range('a(x)'), ')']);
    edits.replace(range('x').start, range('x').end, ['X']); // inside the kept slice
    edits.replace(range('y').start, range('y').end, ['Y']); // inside the dropped part
    expect(edits.apply()).toBe('limit(a(X));');
    expect(edits.isLive(range('a(x)').start, range('a(x)').end)).toBe(true); // kept
    expect(edits.isLive(range('x').start, range('x').end)).toBe(false); // itself replaced
    expect(edits.isLive(range('b(y)').start, range('b(y)').end)).toBe(false); // dropped
    expect(edits.isLive(range(';').start, range(';').end)).toBe(true); // untouched
  });

  it('keeps code moved elsewhere live; an insert at a boundary belongs to the level around the slice', () => {
    const edits = new Edits(source);
    const a = range('a(x)');
    edits.remove(a.start, a.end + 2); // "a(x), " goes
    edits.replace(range('b(y)').start, range('b(y)').end, [range('b(y)'), ' + ', a]); // and comes back after b(y)
    edits.insert(range('x').start, '0, '); // strictly inside the moved slice: moves with it
    edits.insert(a.end, ' /* at the end of a(x) */'); // at the slice's end: inside the removed text, so gone
    edits.insert(range('b(y)').start, '!'); // before a replacement at the same place: rendered once, first
    expect(edits.isLive(a.start, a.end)).toBe(true);
    expect(edits.apply()).toBe('call(!b(y) + a(0, x));');
  });
});

describe('runPipeline', () => {
  it('wraps a transform bug in a TransformError naming the transform, so the caller leaves the file alone', () => {
    const broken: SyntacticTransform<'x'> = {
      name: 'broken',
      messages: { x: 'x' },
      mayMatch: () => true,
      apply: () => {
        throw new Error('bug');
      },
    };
    expect(() => runPipeline([broken], 'a.ts', 'f();')).toThrow(TransformError);
    expect(() => runPipeline([broken], 'a.ts', 'f();')).toThrow(/^broken: bug$/);
  });

  it('does not parse a file no transform can match, and throws a SyntaxError for one that does not parse', () => {
    expect(runPipeline(syntacticTransforms, 'a.ts', 'this is not TypeScript').output).toBeNull();
    expect(() => runPipeline(syntacticTransforms, 'a.ts', 'Promise.all(xs.map(')).toThrow(SyntaxError);
  });

  it("writes the leash import in the file's own style: {a} or { a }, with or without semicolons", () => {
    const wait = `\nexport async function pause(ms: number) {\n  await new Promise((resolve) => setTimeout(resolve, ms))\n}\n`;
    const importOf = (source: string) => runPipeline(syntacticTransforms, 'a.ts', source).output?.split('\n').find((l) => l.includes("from 'leash'"));
    expect(importOf(`import {readFile} from 'node:fs/promises'\nimport {x} from './x'\n${wait}`)).toBe("/* leash-codemod */ import {sleep} from 'leash'");
    expect(importOf(`import { readFile } from 'node:fs/promises';\nimport { x } from './x';\n${wait}`)).toBe("/* leash-codemod */ import { sleep } from 'leash';");
    // Among the package imports, before the project's own.
    const lines = runPipeline(syntacticTransforms, 'a.ts', `import {readFile} from 'node:fs/promises'\nimport {x} from './x'\n${wait}`).output!.split('\n');
    expect(lines.findIndex((l) => l.includes("from 'leash'"))).toBeLessThan(lines.findIndex((l) => l.includes("from './x'")));
  });
});

describe('parser', () => {
  it.each([
    ['modern decorators', 'a.ts', '@dec export class A { @dec accessor x = 1; @dec m() {} }\nexport @dec class B {}'],
    ['legacy parameter decorators', 'a.ts', 'class A { constructor(@Inject() x: number) {} }'],
    ['satisfies', 'a.ts', 'const a = { x: 1 } satisfies Record<string, number>;'],
    ['using and await using', 'a.mts', 'async function f() { using r = get(); await using s = await open(); }'],
    ['a type assertion in .ts', 'a.cts', 'const n = <number>value;'],
    ['JSX in .tsx, .js and .jsx', 'a.jsx', 'const el = <div className="x">{items.map((i) => <b key={i} />)}</div>;'],
  ])('parses %s', (_, file, code) => {
    expect(parseSource(file, code).type).toBe('File');
  });
});
