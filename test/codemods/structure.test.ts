/**
 * Transform, fixtures, test and doc share one name (STYLE.md 1, 6, 7): every transform has a file
 * named after it that exports that name, a fixture folder with an already-migrated case, a test
 * file and a README section; every message id is named in the transform's header, in its README
 * section, and reported by at least one fixture (or, where a fixture cannot, by a named test).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntacticNames, transformNames } from '../../codemods/names';
import { syntacticTransforms } from '../../codemods/registry';
import { cases } from './fixtures';

const ROOT = path.resolve(__dirname, '../..');
const README = fs.readFileSync(path.join(ROOT, 'codemods/README.md'), 'utf8');

/** Ids that no fixture can produce here (typescript is installed for the tests). */
const UNREACHABLE = new Set(['no-typescript']);

/**
 * Ids a fixture cannot produce, each with the test that does: `untyped-import` needs a package
 * installed in a node_modules of its own, which a fixture folder cannot hold.
 */
const TESTED_ELSEWHERE = new Map([['untyped-import', 'test/codemods/untyped-imports.test.ts']]);

function readmeSection(name: string): string {
  const start = README.indexOf(`\n## ${name}\n`);
  if (start < 0) return '';
  const end = README.indexOf('\n## ', start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

describe('codemods structure', () => {
  it('names.ts lists the syntactic transforms in registry order', () => {
    expect(syntacticTransforms.map((t) => t.name)).toEqual(syntacticNames);
  });

  for (const name of transformNames) {
    it(`${name}: file, export, fixtures, test, README section and message ids agree`, async () => {
      const file = path.join(ROOT, 'codemods/transforms', `${name}.ts`);
      const mod = (await import(file)) as { name: string; messages: Record<string, string> };
      expect(mod.name).toBe(name);
      expect(fs.existsSync(path.join(ROOT, 'test/codemods', `${name}.test.ts`))).toBe(true);
      const all = cases(name);
      expect(all.map((c) => c.name)).toContain('already-migrated');

      const header = /^\/\*\*[\s\S]*?\*\//.exec(fs.readFileSync(file, 'utf8'))?.[0] ?? '';
      const section = readmeSection(name);
      expect(section, `codemods/README.md has no "## ${name}" section`).not.toBe('');
      const reported = new Set(all.flatMap((c) => c.skips));
      for (const id of Object.keys(mod.messages)) {
        expect(header, `${name}.ts header names ${id}`).toContain(id);
        expect(section, `README section ${name} names ${id}`).toContain(`\`${id}\``);
        const elsewhere = TESTED_ELSEWHERE.get(id);
        if (elsewhere !== undefined) expect(fs.readFileSync(path.join(ROOT, elsewhere), 'utf8'), `${elsewhere} reports ${id}`).toContain(`${id}:`);
        else if (!UNREACHABLE.has(id)) expect(reported, `a fixture reports ${name}/${id}`).toContain(id);
      }
      for (const id of reported) expect(Object.keys(mod.messages)).toContain(id);
    });
  }
});
