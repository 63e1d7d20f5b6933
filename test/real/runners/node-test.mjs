// node:test (`node --test`), through the custom reporter beside this file, which writes one JSON
// line per test to a file: the runner's own output formats differ between Node 20 and 24.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const reporter = pathToFileURL(join(fileURLToPath(new URL('.', import.meta.url)), 'node-test-reporter.mjs')).href;

/** Reruns can select tests: by their files and a `--test-name-pattern` of their exact titles. */
export const select = true;

export function command({ resultFile, project, only }) {
  const args = ['--test', '--test-concurrency=1', `--test-reporter=${reporter}`, `--test-reporter-destination=${resultFile}`, ...(project.test.args ?? [])];
  if (only === undefined) return [...args, ...project.test.files];
  const paths = only.map((name) => name.split(' > '));
  // A subtest runs only when its enclosing tests match too, so every title on the path is named.
  const titles = new Set(paths.flatMap((path) => path.slice(1)));
  const pattern = `^(${[...titles].map(escapeRegExp).join('|')})$`;
  return [...args, `--test-name-pattern=${pattern}`, ...new Set(paths.map((path) => path[0]))];
}

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function parse({ resultFile }) {
  return readFileSync(resultFile, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('{"name"'))
    .map((line) => JSON.parse(line));
}

/** What Node's coverage counted per file (the reporter's `{ coverage }` line), or undefined without `--experimental-test-coverage`. */
export function parseCoverage({ resultFile }) {
  const line = readFileSync(resultFile, 'utf8')
    .split('\n')
    .find((text) => text.startsWith('{"coverage"'));
  return line === undefined ? undefined : JSON.parse(line).coverage;
}
