#!/usr/bin/env node
// Installs the TypeScript 5.9 + ts-patch 3 toolchain the transformer's compatibility tests use,
// into test/compat/ts59/node_modules, from its own lockfile. Does nothing when the pinned
// versions are already there, so `pretest` can run it every time.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'ts59');
const wanted = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).devDependencies;

function installed(name) {
  const file = join(dir, 'node_modules', name, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : undefined;
}

const stale = Object.entries(wanted).filter(([name, version]) => installed(name) !== version);
if (stale.length > 0) {
  console.log(`test/compat: installing ${stale.map(([name, version]) => `${name}@${version}`).join(', ')}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit' });
}
