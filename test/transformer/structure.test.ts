// A rule, its file, its fixtures folder and its README section share one name; every message id
// is expected by at least one fixture; every option key is the rule name in camelCase.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { RULES } from '../../transformer/plan/rules';
import { FIXTURES, listFixtures, REPO } from './harness';

const RULES_DIR = join(REPO, 'transformer/plan/rules');
const README = readFileSync(join(REPO, 'transformer/README.md'), 'utf8');
const camel = (name: string): string => name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

describe.each(RULES.map((rule) => [rule.name, rule] as const))('rule %s', (name, rule) => {
  test('its file default-exports it', async () => {
    const file = join(RULES_DIR, `${name}.ts`);
    expect(existsSync(file), `${file} must exist`).toBe(true);
    const loaded = (await import(file)) as { default: unknown };
    expect(loaded.default).toBe(rule);
  });

  test('has a head: description, option with default, messages', () => {
    expect(rule.description.length).toBeGreaterThan(20);
    expect(rule.option.key).toBe(camel(name));
    expect(rule.option.description.length).toBeGreaterThan(20);
    expect(typeof rule.option.default).toBe('boolean');
    expect(rule.call !== undefined || rule.await !== undefined).toBe(true);
    expect(typeof rule.needsTypes).toBe('boolean');
  });

  test('asks its type questions through the adapter, never a checker', () => {
    const text = readFileSync(join(RULES_DIR, `${name}.ts`), 'utf8');
    expect(text).not.toMatch(/\bchecker\.|TypeChecker|getTypeAtLocation|getResolvedSignature/);
  });

  test('has a fixtures folder with cases and golden outputs', () => {
    const dir = join(FIXTURES, name);
    expect(existsSync(dir), `${dir} must exist`).toBe(true);
    const cases = readdirSync(dir).filter((entry) => /^[\w-]+\.ts$/.test(entry));
    expect(cases.length).toBeGreaterThan(0);
    for (const entry of cases) expect(existsSync(join(dir, entry.replace(/\.ts$/, '.esm.js'))), `${entry} needs a golden .esm.js`).toBe(true);
  });

  test('has a README section of the same name', () => {
    expect(README).toMatch(new RegExp(`^### ${name}$`, 'm'));
    expect(README).toContain(`\`${rule.option.key}\``);
  });

  test('every message id is expected by a fixture', () => {
    const expected = new Set(listFixtures().flatMap((fixture) => fixture.expectedNotes));
    for (const id of Object.keys(rule.messages)) expect(expected, `no fixture has "expect-notes: ${name}/${id}"`).toContain(`${name}/${id}`);
  });
});

test('every rule file and fixtures folder belongs to a rule', () => {
  const names = RULES.map((rule) => rule.name).sort();
  const files = readdirSync(RULES_DIR)
    .filter((entry) => entry.endsWith('.ts') && entry !== 'index.ts')
    .map((entry) => entry.slice(0, -3))
    .sort();
  expect(files).toEqual(names);
  const folders = readdirSync(FIXTURES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  expect(folders).toEqual(names);
});
