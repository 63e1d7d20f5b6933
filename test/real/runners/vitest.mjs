// vitest, through its `json` reporter written to a file. The suite runs on the built `.js` files
// in `.leash/<mode>/`, the project's vitest from its own node_modules, run from that folder (so the
// project's own vitest config, which points at its sources, is not found unless `test.args` name
// one), and plain and leash builds differ only by the compiler.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Reruns can select tests: by their files and a `-t` of their exact full names. */
export const select = true;

export function command({ dir, resultFile, project, only }) {
  const args = [join(dir, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--reporter=json', `--outputFile=${resultFile}`, ...(project.test.args ?? [])];
  if (only === undefined) return [...args, ...project.test.files];
  const split = only.map((name) => ({ file: name.slice(0, name.indexOf(' > ')), title: name.slice(name.indexOf(' > ') + 3) }));
  return [...args, '-t', `^(${split.map(({ title }) => escapeRegExp(title)).join('|')})$`, ...new Set(split.map(({ file }) => file))];
}

/** `[{ name, outcome }]`; `name` is `<file> > <describe titles and test title, space-joined>`. */
export function parse({ outRoot, resultFile }) {
  const report = JSON.parse(readFileSync(resultFile, 'utf8'));
  const outcome = { passed: 'pass', failed: 'fail', skipped: 'skip', pending: 'skip', todo: 'skip' };
  return report.testResults.flatMap((file) =>
    file.assertionResults.map((test) => ({
      name: `${relative(outRoot, file.name)} > ${test.fullName}`,
      outcome: outcome[test.status] ?? 'fail',
      ...(test.status === 'failed' ? { detail: test.failureMessages?.[0] } : {}),
    })),
  );
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
