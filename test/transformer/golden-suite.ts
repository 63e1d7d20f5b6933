/**
 * The golden suite, shared by TypeScript 6 (golden.test.ts) and 5.9 (compat.test.ts): every
 * fixture emitted as ESM and CommonJS, compared with `<case>.esm.js` / `<case>.cjs.js`. A TS 5.9
 * output that differs legitimately lives in `<case>.ts59.<format>.js`.
 * `UPDATE_GOLDEN=1` rewrites the golden files instead of comparing; run it for TS 6 first, then
 * for 5.9 (it decides whether 5.9 needs its own file by comparing with the TS 6 golden):
 *   UPDATE_GOLDEN=1 npx vitest run test/transformer/golden.test.ts
 *   UPDATE_GOLDEN=1 npx vitest run test/transformer/compat.test.ts
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, test } from 'vitest';
import { createFixtureProgram, goldenPath, listFixtures, loadTypeScript, type FixtureProgram, type TsVersion } from './harness';

const UPDATE = process.env['UPDATE_GOLDEN'] === '1';

export function defineGoldenSuite(version: TsVersion): void {
  const fixtures = listFixtures();
  for (const format of ['esm', 'cjs'] as const) {
    describe(`${version} ${format}`, () => {
      const cases = fixtures.filter((fixture) => fixture.formats.includes(format));
      let compiled: FixtureProgram;
      beforeAll(() => {
        compiled = createFixtureProgram(loadTypeScript(version), format, cases.map((fixture) => fixture.file));
      });

      test.each(cases.map((fixture) => [`${fixture.rule}/${fixture.name}`, fixture] as const))('%s', (_name, fixture) => {
        const { ts, program } = compiled;
        const source = program.getSourceFile(fixture.file);
        if (source === undefined) throw new Error(`missing ${fixture.file}`);
        const typeErrors = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
        const messages = typeErrors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
        if (fixture.allowsTypeErrors) expect(messages.length, 'a fixture marked expect-ts-errors has errors').toBeGreaterThan(0);
        else expect(messages, 'fixtures must type-check').toEqual([]);

        const out = compiled.emit(fixture.file, { config: fixture.config });
        expect(out.diagnostics.map((d) => d.messageText)).toEqual([]);
        const plan = compiled.plan(fixture.file, fixture.config);
        expect(plan.failures).toEqual([]);
        expect(plan.notes.map((note) => `${note.rule}/${note.messageId}`).sort()).toEqual(fixture.expectedNotes);

        const parsed = ts.transpileModule(out.js, { fileName: format === 'esm' ? 'out.mjs' : 'out.cjs', reportDiagnostics: true, compilerOptions: { allowJs: true, target: ts.ScriptTarget.ESNext } });
        expect(parsed.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), 'output must parse').toEqual([]);

        if (plan.intents.length === 0) {
          expect(out.js, 'a file with nothing to rewrite is emitted exactly as plain tsc emits it').toBe(compiled.emit(fixture.file, { plain: true }).js);
        } else {
          expect(out.js).toMatch(format === 'esm' ? /^import \* as leash_\d+ from "leash\/hooks";$/m : /^const leash_\d+ = require\("leash\/hooks"\);$/m);
        }
        compareGolden(version, fixture.file, goldenPath(fixture, format), out.js);
      });
    });
  }
}

function compareGolden(version: TsVersion, fixtureFile: string, golden: string, actual: string): void {
  const specific = version === 'ts6' ? undefined : golden.replace(/\.(esm|cjs)\.js$/, `.${version}.$1.js`);
  if (UPDATE) {
    if (specific === undefined) writeFileSync(golden, actual);
    else if (existsSync(golden) && readFileSync(golden, 'utf8') === actual) rmSync(specific, { force: true });
    else writeFileSync(specific, actual);
    return;
  }
  const expected = specific !== undefined && existsSync(specific) ? specific : golden;
  if (!existsSync(expected)) throw new Error(`no golden file ${expected} for ${fixtureFile}; run with UPDATE_GOLDEN=1`);
  expect(actual).toBe(readFileSync(expected, 'utf8'));
}
