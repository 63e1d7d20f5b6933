// Mocha, through its own `json` reporter written to a file (so a test's console output cannot
// corrupt it). Passing, failing and pending tests each become one outcome; a failing hook is
// reported by mocha as a failure titled `"before each" hook for ...` and counts as one too.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Reruns can select tests: by their files and a `--grep` of their exact full titles. */
export const select = true;

/** `runner.command(ctx)`: the argv (after node) that runs the suite (or `ctx.only`) from `ctx.outRoot`. */
export function command({ dir, resultFile, project, only }) {
  const args = [join(dir, 'node_modules', 'mocha', 'bin', 'mocha.js'), '--no-config', '--reporter', 'json', '--reporter-option', `output=${resultFile}`, ...(project.test.args ?? [])];
  if (only === undefined) return [...args, ...project.test.files];
  const split = only.map((name) => ({ file: name.slice(0, name.indexOf(' > ')), title: name.slice(name.indexOf(' > ') + 3) }));
  const grep = `^(${split.map(({ title }) => escapeRegExp(title)).join('|')})$`;
  return [...args, '--grep', grep, ...new Set(split.map(({ file }) => file))];
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
