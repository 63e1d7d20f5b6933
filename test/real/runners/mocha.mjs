// Mocha, through its own `json` reporter written to a file (so a test's console output cannot
// corrupt it). Passing, failing and pending tests each become one outcome; a failing hook is
// reported by mocha as a failure titled `"before each" hook for ...` and counts as one too.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** `runner.command(ctx)`: the argv (after node) that runs the suite from `ctx.outRoot`. */
export function command({ dir, outRoot, resultFile, project }) {
  return [join(dir, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config', '--reporter', 'json', '--reporter-option', `output=${resultFile}`, ...(project.test.args ?? []), ...project.test.files].map((arg) => arg.replaceAll('{outRoot}', outRoot));
}

/** `[{ name, outcome }]` from the json reporter's file; `name` is `<file> > <full title>`. */
export function parse({ outRoot, resultFile }) {
  const report = JSON.parse(readFileSync(resultFile, 'utf8'));
  const name = (test) => `${test.file ? relative(outRoot, test.file) : '?'} > ${test.fullTitle}`;
  return [
    ...report.passes.map((test) => ({ name: name(test), outcome: 'pass' })),
    ...report.failures.map((test) => ({ name: name(test), outcome: 'fail', detail: test.err?.message })),
    ...report.pending.map((test) => ({ name: name(test), outcome: 'skip' })),
  ];
}
