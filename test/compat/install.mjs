#!/usr/bin/env node
// Installs the extra toolchains leash's tests run against, one folder each beside this file
// (ts59: TypeScript 5.9 + ts-patch 3; node22: a Node 22 binary, the other version users run;
// node24: a Node 24 binary for the legs that need Node >= 22.12; ...), into <folder>/node_modules
// from the folder's own lockfile. A folder whose pinned versions are already there is left alone,
// so `pretest` can run this every time.
// `node test/compat/install.mjs ts59 node24` installs only the folders named.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const all = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(here, entry.name, 'package.json')))
  .map((entry) => entry.name)
  .sort();
const asked = process.argv.slice(2);
const unknown = asked.filter((name) => !all.includes(name));
if (unknown.length > 0) {
  console.error(`test/compat: unknown toolchain ${unknown.join(', ')}; expected one of ${all.join(', ')}`);
  process.exit(2);
}

for (const name of asked.length > 0 ? asked : all) {
  const dir = join(here, name);
  const wanted = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).devDependencies ?? {};
  const installed = (pkg) => {
    const file = join(dir, 'node_modules', pkg, 'package.json');
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : undefined;
  };
  const stale = Object.entries(wanted).filter(([pkg, version]) => installed(pkg) !== version);
  if (stale.length === 0) continue;
  console.log(`test/compat/${name}: installing ${stale.map(([pkg, version]) => `${pkg}@${version}`).join(', ')}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
}
