// micro-should (`@paulmillr/jsbt/test.js`, chokidar's runner). It stops at the first failure and
// prints a tree by default; a preload sets its documented `it.opts` so that every test runs and
// prints one line, `✓ path` / `☓ path[/beforeEach|/afterEach]` / `☆ path (skip)`, which is parsed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function command({ outRoot, project }) {
  const preload = join(outRoot, 'leash-micro-should-preload.mjs');
  writeFileSync(preload, "import it from '@paulmillr/jsbt/test.js';\nObject.assign(it.opts, { STOP_ON_ERROR: false, PRINT_TREE: false, PRINT_MULTILINE: false, QUIET: false });\n");
  return ['--import', pathToFileURL(preload).href, ...(project.test.args ?? []), ...project.test.files];
}

export function parse({ outputFile }) {
  const results = [];
  // eslint-disable-next-line no-control-regex
  for (const raw of readFileSync(outputFile, 'utf8').replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
    const line = raw.trim();
    if (line.startsWith('✓ ')) results.push({ name: line.slice(2), outcome: 'pass' });
    else if (line.startsWith('☓ ')) results.push({ name: line.slice(2).replace(/\/(beforeEach|afterEach)$/, ''), outcome: 'fail' });
    else if (line.startsWith('☆ ') && line.endsWith(' (skip)')) results.push({ name: line.slice(2, -' (skip)'.length), outcome: 'skip' });
  }
  return results;
}
