/**
 * What a user gets from the registry: `npm i leash` installs the runtime with no dependencies,
 * the package carries its READMEs, and the tools work from the installed tarball. The tarball is
 * packed from the dist that `pretest` built (`--ignore-scripts`: `prepack` would rebuild dist
 * under the other test files' feet); `prepack` itself is checked to build.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = resolve(__dirname, '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  scripts: Record<string, string>;
  files: string[];
};

let work: string;
let tarball: string;
let files: string[];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'leash-package-'));
  const packed = JSON.parse(execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' })) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, packed[0]!.filename);
  files = packed[0]!.files.map((file) => file.path);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the published package', () => {
  it('has no dependencies, and packing builds first', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.scripts['prepack']).toBe('npm run build');
  });

  it('ships the runtime, the tools, the READMEs and the license', () => {
    for (const file of ['dist/runtime/index.js', 'dist/runtime/hooks.js', 'dist/runtime/testing.js', 'dist/transformer/index.js', 'dist/cli/leash.js', 'README.md', 'transformer/README.md', 'codemods/README.md', 'LICENSE']) {
      expect(files).toContain(file);
    }
  });

  it('every relative link in the README points at a file the package ships', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const links = [...readme.matchAll(/\]\((?!https?:|#|mailto:)([^)#\s]+)/g)].map((match) => match[1]!.replace(/^\.\//, ''));
    expect(links.length).toBeGreaterThan(0);
    const shipped = (link: string) => files.includes(link) || files.some((file) => file.startsWith(`${link.replace(/\/$/, '')}/`));
    expect(links.filter((link) => !shipped(link))).toEqual([]);
  });

  it('installs alone into an empty project, and its runtime and CLI work from there', () => {
    const project = join(work, 'empty-project');
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'empty-project', private: true }));
    const out = execFileSync(npm, ['install', '--offline', '--no-audit', '--no-fund', tarball], { cwd: project, encoding: 'utf8' });
    expect(out).toMatch(/added 1 package/);
    const runtime = execFileSync(process.execPath, ['-e', "const { Scope, registry } = require('leash'); new Scope(); console.log(typeof registry.format())"], { cwd: project, encoding: 'utf8' });
    expect(runtime.trim()).toBe('string');
    const help = execFileSync(process.execPath, [join(project, 'node_modules/leash/dist/cli/leash.js'), '--help'], { cwd: project, encoding: 'utf8' });
    expect(help).toContain('codemod');
  }, 120_000);

  it.each(['7.0.2', '7.1.0-beta'])('`npm i -D typescript leash` resolves with TypeScript %s, without flags', (version) => {
    const project = join(work, `ts${version}-project`);
    execFileSync('mkdir', ['-p', project]);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'ts7-project', private: true }));
    const result = spawnSync(npm, ['install', '--prefer-offline', '--no-audit', '--no-fund', '-D', `typescript@${version}`, tarball], { cwd: project, encoding: 'utf8' });
    expect(result.stderr).not.toMatch(/ERESOLVE|peer/i);
    expect(result.status).toBe(0);
    const versions = execFileSync(process.execPath, ['-p', "require('typescript/package.json').version + ' ' + require('leash/package.json').version"], { cwd: project, encoding: 'utf8' });
    expect(versions.trim()).toBe(`${version} 0.1.0`);
  }, 180_000);

  it('`leash codemod` without jscodeshift says how to get it and exits 2', () => {
    const project = join(work, 'empty-project');
    const result = spawnSync(process.execPath, [join(project, 'node_modules/leash/dist/cli/leash.js'), 'codemod', 'all', '.'], { cwd: project, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('npm i -D jscodeshift');
    expect(result.stderr).toContain('npx -p leash -p jscodeshift leash codemod all .');
  });
});
