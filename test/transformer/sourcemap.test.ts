// Source maps: every rewritten call in every fixture maps back to the original call's line and
// column, in ESM and CommonJS output.
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { beforeAll, describe, expect, test } from 'vitest';
import { createFixtureProgram, listFixtures, loadTypeScript, type FixtureProgram } from './harness';

const fixtures = listFixtures();

describe.each(['esm', 'cjs'] as const)('%s', (format) => {
  const cases = fixtures.filter((fixture) => fixture.formats.includes(format));
  let compiled: FixtureProgram;
  beforeAll(() => {
    compiled = createFixtureProgram(loadTypeScript('ts6'), format, cases.map((fixture) => fixture.file), { sourceMap: true });
  });

  test.each(cases.map((fixture) => [`${fixture.rule}/${fixture.name}`, fixture] as const))('%s', (_name, fixture) => {
    const plan = compiled.plan(fixture.file, fixture.config);
    const out = compiled.emit(fixture.file, { config: fixture.config });
    if (out.map === undefined) throw new Error('no source map emitted');
    const map = new TraceMap(out.map);
    const source = compiled.program.getSourceFile(fixture.file);
    if (source === undefined) throw new Error(`missing ${fixture.file}`);
    const lineStarts = [0, ...[...out.js.matchAll(/\n/g)].map((m) => (m.index as number) + 1)];
    const generated = (offset: number): { line: number; column: number } => {
      const line = lineStarts.findLastIndex((start) => start <= offset);
      return { line: line + 1, column: offset - (lineStarts[line] as number) };
    };

    let checked = 0;
    const from = { resume: 0, detach: 0 };
    const ns = /(leash_\d+)\.useMode\(/.exec(out.js)?.[1] ?? 'leash_1'; // leash_2 when the file imports "leash" too
    for (const intent of plan.intents) {
      // observeAll and `leash.at(site, argument)` wrap an argument: they map to where the argument starts
      const original = source.getLineAndCharacterOfPosition(intent.kind === 'observe' ? argumentStart(source.text, intent.node.start) : intent.kind === 'caller-site' ? intent.argument.start : intent.node.start);
      let at: number;
      if (intent.kind === 'resume' || intent.kind === 'detach') {
        at = out.js.indexOf(`${ns}.${intent.kind === 'resume' ? 'resumed' : 'detach'}(`, from[intent.kind]);
        from[intent.kind] = at + 1;
      } else if (intent.kind === 'signal') {
        continue; // an argument added inside a call that keeps its own mapping
      } else {
        const literal = out.js.indexOf(JSON.stringify(intent.site));
        at = out.js.lastIndexOf(`${ns}.`, literal);
      }
      expect(at, `${intent.kind} at ${intent.site} not found in the output`).toBeGreaterThan(0);
      const traced = originalPositionFor(map, generated(at));
      expect({ site: intent.site, line: traced.line, column: traced.column }).toEqual({ site: intent.site, line: original.line + 1, column: original.character });
      expect(traced.source?.endsWith(`${fixture.name}.ts`)).toBe(true);
      checked++;
    }
    expect(checked).toBe(plan.intents.filter((intent) => intent.kind !== 'signal').length);
  });
});

/** Where the first argument of the call starting at `callStart` starts: after its `(` and any white space. */
function argumentStart(text: string, callStart: number): number {
  let at = text.indexOf('(', callStart) + 1;
  while (/\s/.test(text[at] as string)) at++;
  return at;
}
