// The README's before/after example is real output: compile the "before" block, compare with "after".
import { mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import leashTransformer from '../../transformer/index';
import { fixtureOptions, loadTypeScript, REPO } from './harness';

test('README before/after example', () => {
  const readme = readFileSync(join(REPO, 'transformer/README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Before and after'));
  const [before, after] = [...section.matchAll(/```(?:ts|js)\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  if (before === undefined || after === undefined) throw new Error('README: the before/after blocks are missing');

  const ts = loadTypeScript('ts6');
  const dir = mkdtempSync(join(tmpdir(), 'leash-readme-'));
  try {
    mkdirSync(join(dir, 'src'));
    const file = join(dir, 'src/poller.ts');
    writeFileSync(file, before.replace(/^\/\/ src\/poller\.ts\n/, ''));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    const options = { ...fixtureOptions(ts), configFilePath: join(dir, 'tsconfig.json') };
    const program = ts.createProgram({ rootNames: [file], options });
    let js = '';
    program.emit(program.getSourceFile(file), (name, text) => (js = name.endsWith('.js') ? text : js), undefined, false, {
      before: [leashTransformer(program, {}, { ts })],
    });
    expect(js).toBe(after);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
