import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const examples = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.js'));
/** Ages depend on the machine; everything else in the output is exact. */
const normalize = (text: string) => text.replace(/oldest \d+(\.\d+)?(ms|s|m)/g, 'oldest <age>').trim();

describe('examples run and print what their // Output: block says (Go-style example tests)', () => {
  it.each(examples)('%s', (file) => {
    const source = readFileSync(join(root, 'examples', file), 'utf8');
    const marker = source.indexOf('// Output:\n');
    expect(marker, `${file} needs an // Output: block`).toBeGreaterThan(0);
    const expected = source
      .slice(marker + '// Output:\n'.length)
      .split('\n')
      .map((line) => line.replace(/^\/\/ ?/, ''))
      .join('\n');
    const actual = execFileSync(process.execPath, [join('examples', file)], { cwd: root, encoding: 'utf8' });
    expect(normalize(actual)).toBe(normalize(expected));
  });

  it('the README shows the quickstart example as it is in examples/', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const source = readFileSync(join(root, 'examples', 'quickstart.js'), 'utf8');
    expect(readme).toContain(source.trim());
  });
});
